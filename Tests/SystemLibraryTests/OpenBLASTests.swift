import COpenBLAS
import Testing

/// Proves the OpenBLAS system library links and computes: a small matrix product.
@Suite struct OpenBLASTests {
    @Test func dgemmMultipliesMatrices() {
        // A (2×3) · B (3×2), row-major.
        let a: [Double] = [1, 2, 3, 4, 5, 6]
        let b: [Double] = [7, 8, 9, 10, 11, 12]
        var c = [Double](repeating: 0, count: 4)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1.0, a, 3, b, 2, 0.0, &c, 2)
        #expect(c == [58, 64, 139, 154])
    }

    @Test func ddotSumsProducts() {
        let x: [Double] = [0.5, -1, 2]
        let y: [Double] = [4, 3, 0.25]
        #expect(cblas_ddot(3, x, 1, y, 1) == -0.5)
    }
}
