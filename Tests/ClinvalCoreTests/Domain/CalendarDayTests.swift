import ClinvalCore
import Foundation
import Testing

struct CalendarDayTests {
    @Test func readsRealDatesOnly() {
        #expect(CalendarDay("2026-12-31")?.description == "2026-12-31")
        #expect(CalendarDay("2028-02-29") != nil)
        for bad in ["2026-02-29", "2026-13-01", "2026-12-32", "2026-1-01", "26-12-01", "2026-12-01T00:00:00Z", "", "２０２６-12-01"] {
            #expect(CalendarDay(bad) == nil, "\(bad)")
        }
    }

    @Test func aDayHoldsUntilTheNextDayStartsInUTC() throws {
        let day = try #require(CalendarDay("2026-12-31"))
        #expect(day.start == Date(timeIntervalSince1970: 1_798_675_200))
        #expect(day.nextDayStart.timeIntervalSince(day.start) == 86_400)
        #expect(CalendarDay(containing: day.nextDayStart.addingTimeInterval(-1)) == day)
        #expect(CalendarDay("2026-12-30")! < day)
    }
}
