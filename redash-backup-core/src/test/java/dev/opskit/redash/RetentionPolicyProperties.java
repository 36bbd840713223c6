package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Retention over random backup histories: keeps what it promises, never the newest's deletion. */
class RetentionPolicyProperties {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  @Provide
  Arbitrary<List<BackupRecord>> histories() {
    // Up to 120 backups over the last 400 days, at random minutes: several per day, gaps of weeks.
    return Arbitraries.longs()
        .between(0, Duration.ofDays(400).toMinutes())
        .set()
        .ofMinSize(0)
        .ofMaxSize(120)
        .map(ages -> ages.stream().map(age -> record(NOW.minus(Duration.ofMinutes(age)))).toList());
  }

  @Provide
  Arbitrary<RetentionPolicy> policies() {
    Arbitrary<Integer> n = Arbitraries.integers().between(1, 15);
    return Arbitraries.oneOf(
        n.map(RetentionPolicy::keepLast),
        n.map(RetentionPolicy::keepDays),
        n.map(RetentionPolicy::daily),
        n.map(RetentionPolicy::weekly),
        n.map(RetentionPolicy::monthly),
        Arbitraries.integers()
            .between(1, 10)
            .tuple3()
            .map(t -> RetentionPolicy.gfs(t.get1(), t.get2(), t.get3())),
        Arbitraries.just(RetentionPolicy.keepAll()));
  }

  @Property(tries = 500)
  void neverDeletesTheNewestBackup(
      @ForAll("histories") List<BackupRecord> history, @ForAll("policies") RetentionPolicy policy) {
    Set<String> keep = policy.keep(history, NOW);
    history.stream()
        .max(Comparator.comparing(BackupRecord::createdAt))
        .ifPresent(newest -> assertThat(keep).contains(newest.id()));
    assertThat(history.stream().map(BackupRecord::id).toList()).containsAll(keep);
  }

  @Property(tries = 300)
  void keepLastKeepsExactlyTheNewestN(
      @ForAll("histories") List<BackupRecord> history, @ForAll @IntRange(min = 1, max = 30) int n) {
    Set<String> expected =
        history.stream()
            .sorted(Comparator.comparing(BackupRecord::createdAt).reversed())
            .limit(n)
            .map(BackupRecord::id)
            .collect(Collectors.toSet());
    assertThat(RetentionPolicy.keepLast(n).keep(history, NOW)).isEqualTo(expected);
  }

  @Property(tries = 300)
  void keepDaysKeepsTheWindowAndTheNewest(
      @ForAll("histories") List<BackupRecord> history,
      @ForAll @IntRange(min = 1, max = 60) int days) {
    Set<String> expected =
        history.stream()
            .filter(b -> b.createdAt().isAfter(NOW.minus(Duration.ofDays(days))))
            .map(BackupRecord::id)
            .collect(Collectors.toSet());
    history.stream()
        .max(Comparator.comparing(BackupRecord::createdAt))
        .ifPresent(b -> expected.add(b.id()));
    assertThat(RetentionPolicy.keepDays(days).keep(history, NOW)).isEqualTo(expected);
  }

  @Property(tries = 300)
  void dailyKeepsTheNewestOfEachOfTheLastNDaysWithBackups(
      @ForAll("histories") List<BackupRecord> history, @ForAll @IntRange(min = 1, max = 30) int n) {
    assertThat(RetentionPolicy.daily(n).keep(history, NOW))
        .isEqualTo(newestOfLastBuckets(history, n, t -> LocalDate.ofInstant(t, ZoneOffset.UTC)));
  }

  @Property(tries = 300)
  void weeklyKeepsTheNewestOfEachOfTheLastNIsoWeeksWithBackups(
      @ForAll("histories") List<BackupRecord> history, @ForAll @IntRange(min = 1, max = 20) int n) {
    assertThat(RetentionPolicy.weekly(n).keep(history, NOW))
        .isEqualTo(
            newestOfLastBuckets(
                history,
                n,
                t -> {
                  LocalDate d = LocalDate.ofInstant(t, ZoneOffset.UTC);
                  return d.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR) * 100
                      + d.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                }));
  }

  @Property(tries = 300)
  void monthlyInAZoneKeepsTheNewestOfEachOfTheLastNMonthsThere(
      @ForAll("histories") List<BackupRecord> history, @ForAll @IntRange(min = 1, max = 14) int n) {
    java.time.ZoneId tokyo = java.time.ZoneId.of("Asia/Tokyo");
    assertThat(RetentionPolicy.monthly(n).inZone(tokyo).keep(history, NOW))
        .isEqualTo(newestOfLastBuckets(history, n, t -> java.time.YearMonth.from(t.atZone(tokyo))));
  }

  @Property(tries = 300)
  void gfsKeepsExactlyWhatItsThreeRulesKeep(
      @ForAll("histories") List<BackupRecord> history,
      @ForAll @IntRange(min = 1, max = 10) int days,
      @ForAll @IntRange(min = 1, max = 6) int weeks,
      @ForAll @IntRange(min = 1, max = 6) int months) {
    Set<String> expected = new java.util.HashSet<>(RetentionPolicy.daily(days).keep(history, NOW));
    expected.addAll(RetentionPolicy.weekly(weeks).keep(history, NOW));
    expected.addAll(RetentionPolicy.monthly(months).keep(history, NOW));
    assertThat(RetentionPolicy.gfs(days, weeks, months).keep(history, NOW)).isEqualTo(expected);
  }

  /** The newest backup of each of the n newest buckets that hold any (the newest overall too). */
  private static <K extends Comparable<K>> Set<String> newestOfLastBuckets(
      List<BackupRecord> history, int n, java.util.function.Function<Instant, K> bucket) {
    Map<K, BackupRecord> newest =
        history.stream()
            .collect(
                Collectors.toMap(
                    b -> bucket.apply(b.createdAt()),
                    b -> b,
                    (a, b) -> a.createdAt().isAfter(b.createdAt()) ? a : b));
    return newest.entrySet().stream()
        .sorted(Map.Entry.<K, BackupRecord>comparingByKey().reversed())
        .limit(n)
        .map(e -> e.getValue().id())
        .collect(Collectors.toSet());
  }

  @Property(tries = 300)
  void aUnionKeepsWhatEitherKeeps(
      @ForAll("histories") List<BackupRecord> history,
      @ForAll("policies") RetentionPolicy a,
      @ForAll("policies") RetentionPolicy b) {
    Set<String> union = new java.util.HashSet<>(a.keep(history, NOW));
    union.addAll(b.keep(history, NOW));
    assertThat(a.and(b).keep(history, NOW)).isEqualTo(union);
  }

  static BackupRecord record(Instant at) {
    String id = "redash-" + ID.format(at);
    return new BackupRecord(
        id,
        at,
        new SourceIdentity("redash", "redash", null),
        DumpFormat.PLAIN,
        Compression.GZIP,
        id + ".sql.gz",
        10,
        5,
        "0".repeat(64),
        "15.20",
        "15.20",
        "db0aca1ebd32",
        Map.of(),
        null,
        Duration.ZERO);
  }
}
