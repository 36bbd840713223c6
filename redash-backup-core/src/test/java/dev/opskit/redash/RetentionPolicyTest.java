package dev.opskit.redash;

import static dev.opskit.redash.RetentionPolicyProperties.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Worked examples around midnight, where UTC and Tokyo (UTC+9) disagree on the day. */
class RetentionPolicyTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  // UTC day 24 | Tokyo day 25
  private static final BackupRecord D = record(Instant.parse("2026-11-24T23:00:00Z"));
  // UTC day 25 | Tokyo day 25, 23:00
  private static final BackupRecord A = record(Instant.parse("2026-11-25T14:00:00Z"));
  // UTC day 25 | Tokyo day 26, 01:00
  private static final BackupRecord B = record(Instant.parse("2026-11-25T16:00:00Z"));
  // UTC day 25 | Tokyo day 26, 05:00; the newest
  private static final BackupRecord C = record(Instant.parse("2026-11-25T20:00:00Z"));
  private static final List<BackupRecord> HISTORY = List.of(D, A, B, C);
  private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

  @Test
  void dailyCountsDaysInItsZone() {
    assertThat(RetentionPolicy.daily(2).keep(HISTORY, NOW)).containsOnly(C.id(), D.id());
    assertThat(RetentionPolicy.daily(2).inZone(TOKYO).keep(HISTORY, NOW))
        .containsOnly(C.id(), A.id());
  }

  @Test
  void aZonedRuleKeepsItsZoneWhenAddedToAnUnzonedPolicy() {
    RetentionPolicy policy =
        RetentionPolicy.keepLast(1).and(RetentionPolicy.daily(2).inZone(TOKYO));

    assertThat(policy.keep(HISTORY, NOW)).containsOnly(C.id(), A.id());
  }

  @Test
  void anUnzonedRuleStaysInUtcWhenAddedToAZonedPolicy() {
    RetentionPolicy policy = RetentionPolicy.daily(2).inZone(TOKYO).and(RetentionPolicy.daily(2));

    assertThat(policy.keep(HISTORY, NOW)).containsOnly(C.id(), A.id(), D.id());
  }

  @Test
  void inZoneAppliesToEveryRuleOfTheUnion() {
    RetentionPolicy policy =
        RetentionPolicy.daily(2)
            .inZone(ZoneId.of("America/Los_Angeles"))
            .and(RetentionPolicy.keepLast(1))
            .inZone(TOKYO);

    assertThat(policy.keep(HISTORY, NOW)).containsOnly(C.id(), A.id());
  }

  @Test
  void toStringNamesEachCalendarRulesZone() {
    assertThat(
            RetentionPolicy.daily(7)
                .inZone(TOKYO)
                .and(RetentionPolicy.keepLast(3))
                .and(RetentionPolicy.monthly(12))
                .toString())
        .isEqualTo("daily 7 (Asia/Tokyo) + keep last 3 + monthly 12");
    assertThat(RetentionPolicy.keepAll().and(RetentionPolicy.keepDays(30)).toString())
        .isEqualTo("keep all + keep 30 days");
    assertThat(RetentionPolicy.gfs(7, 4, 12).inZone(ZoneId.of("UTC")).toString())
        .isEqualTo("daily 7 + weekly 4 + monthly 12");
  }

  @Test
  void aSingleBackupIsKept() {
    assertThat(RetentionPolicy.keepDays(1).keep(List.of(D), NOW)).isEqualTo(Set.of(D.id()));
  }
}
