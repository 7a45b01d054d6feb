import Testing

@testable import ClinvalInference

@Suite struct NoisyORNetworkTests {
    @Test func storesLinksBothWaysAndDropsZeroProbabilities() throws {
        let network = try NoisyORNetwork(
            conditionCount: 2, leaks: [0.1, 0, 0.5],
            links: [
                .init(condition: 1, finding: 0, probability: 0.3),
                .init(condition: 0, finding: 0, probability: 0.8),
                .init(condition: 0, finding: 2, probability: 0),
                .init(condition: 1, finding: 1, probability: 1),
            ])
        #expect(network.findingCount == 3)
        #expect(network.linkCount == 3)
        #expect(network.links(ofFinding: 0).map(\.condition) == [0, 1])
        #expect(network.links(ofFinding: 0).map(\.probability) == [0.8, 0.3])
        #expect(network.links(ofFinding: 2).isEmpty)
        #expect(network.links(ofCondition: 1).map(\.finding) == [0, 1])
        #expect(network.links(ofCondition: 7).isEmpty)
        #expect(network.links(ofFinding: -1).isEmpty)
    }

    @Test(arguments: [
        (-1, [0.1], [NoisyORNetwork.Link](), "condition count must be 0 or more, found -1"),
        (1, [0.1, 1.5], [], "finding 1: leak must be a number in [0, 1], found 1.5"),
        (1, [Double.nan], [], "finding 0: leak must be a number in [0, 1], found nan"),
        (1, [0.1], [.init(condition: 1, finding: 0, probability: 0.5)],
         "link 0: condition index 1 is outside the network"),
        (1, [0.1], [.init(condition: 0, finding: -2, probability: 0.5)],
         "link 0: finding index -2 is outside the network"),
        (1, [0.1], [.init(condition: 0, finding: 0, probability: -0.1)],
         "link 0: probability must be a number in [0, 1], found -0.1"),
        (1, [0.1], [.init(condition: 0, finding: 0, probability: 0.5), .init(condition: 0, finding: 0, probability: 0.4)],
         "condition 0 links finding 0 more than once"),
    ])
    func rejectsInvalidNetworks(conditions: Int, leaks: [Double], links: [NoisyORNetwork.Link], message: String) {
        #expect(performing: {
            try NoisyORNetwork(conditionCount: conditions, leaks: leaks, links: links)
        }, throws: { error in
            (error as? InferenceError)?.description == message
        })
    }
}
