package dev.opskit.redash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Retention over random backup histories and random policies (zoned, unzoned, nested unions),
 * checked against a test-side model of which backups must survive. The model is written from the
 * documented meaning, not from {@link RetentionPolicy}'s code.
 */
class RetentionPolicyProperties {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  /** UTC, +9, a DST zone, +12:45/+13:45 (DST), +5:30 and +14: days that start at odd hours. */
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Asia/Tokyo"),
          ZoneId.of("America/Los_Angeles"),
          ZoneId.of("Pacific/Chatham"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("Pacific/Kiritimati"));

  // ---- the specification a policy is built from; toString is the Java that builds it

  enum Kind {
    ALL,
    LAST,
    DAYS,
    DAILY,
    WEEKLY,
    MONTHLY
  }

  sealed interface Spec permits Rule, Gfs, And, InZone {
    RetentionPolicy policy();
  }

  record Rule(Kind kind, int count) implements Spec {
    @Override
    public RetentionPolicy policy() {
      return switch (kind) {
        case ALL -> RetentionPolicy.keepAll();
        case LAST -> RetentionPolicy.keepLast(count);
        case DAYS -> RetentionPolicy.keepDays(count);
        case DAILY -> RetentionPolicy.daily(count);
        case WEEKLY -> RetentionPolicy.weekly(count);
        case MONTHLY -> RetentionPolicy.monthly(count);
      };
    }

    @Override
    public String toString() {
      return switch (kind) {
        case ALL -> "keepAll()";
        case LAST -> "keepLast(" + count + ")";
        case DAYS -> "keepDays(" + count + ")";
        case DAILY -> "daily(" + count + ")";
        case WEEKLY -> "weekly(" + count + ")";
        case MONTHLY -> "monthly(" + count + ")";
      };
    }
  }

  record Gfs(int days, int weeks, int months) implements Spec {
    @Override
    public RetentionPolicy policy() {
      return RetentionPolicy.gfs(days, weeks, months);
    }

    @Override
    public String toString() {
      return "gfs(" + days + ", " + weeks + ", " + months + ")";
    }
  }

  record And(Spec left, Spec right) implements Spec {
    @Override
    public RetentionPolicy policy() {
      return left.policy().and(right.policy());
    }

    @Override
    public String toString() {
      return left + ".and(" + right + ")";
    }
  }

  record InZone(Spec spec, ZoneId zone) implements Spec {
    @Override
    public RetentionPolicy policy() {
      return spec.policy().inZone(zone);
    }

    @Override
    public String toString() {
      return spec + ".inZone(" + zone + ")";
    }
  }

  // ---- generators

  @Provide
  Arbitrary<List<BackupRecord>> histories() {
    // Up to 120 backups at distinct minutes over a span of 1 to 400 days, ending now or up to 400
    // days ago. Short spans put many backups around each midnight, where the zones disagree; long
    // ones leave gaps of weeks; the shifted end crosses New Year, DST changes and month ends.
    Arbitrary<Long> endAgo =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0L)),
            Tuple.of(1, Arbitraries.longs().between(0, Duration.ofDays(400).toMinutes())));
    Arbitrary<Integer> spanDays =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.integers().between(1, 3)),
            Tuple.of(1, Arbitraries.integers().between(1, 40)),
            Tuple.of(1, Arbitraries.integers().between(1, 400)));
    return Combinators.combine(endAgo, spanDays)
        .flatAs(
            (end, span) ->
                Arbitraries.longs()
                    .between(end, end + Duration.ofDays(span).toMinutes())
                    .set()
                    .ofMaxSize(120)
                    // Uniform: the default favours tiny sets, where zones seldom matter.
                    .withSizeDistribution(RandomDistribution.uniform())
                    .map(
                        ages ->
                            ages.stream()
                                .map(age -> record(NOW.minus(Duration.ofMinutes(age))))
                                .toList()));
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZONES);
  }

  @Provide
  Arbitrary<Spec> specs() {
    return specs(3);
  }

  private Arbitrary<Spec> specs(int depth) {
    // Mostly small counts: a count above the periods a history spans keeps them all, zone or not.
    Arbitrary<Integer> n =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.integers().between(1, 4)),
            Tuple.of(1, Arbitraries.integers().between(1, 15)));
    // keepAll is rare: a union holding it keeps everything and would hide the other rules.
    Arbitrary<Kind> kinds =
        Arbitraries.frequency(
            Tuple.of(1, Kind.ALL),
            Tuple.of(4, Kind.LAST),
            Tuple.of(4, Kind.DAYS),
            Tuple.of(4, Kind.DAILY),
            Tuple.of(4, Kind.WEEKLY),
            Tuple.of(4, Kind.MONTHLY));
    Arbitrary<Spec> rule = Combinators.combine(kinds, n).as(Rule::new);
    Arbitrary<Spec> gfs =
        Arbitraries.integers()
            .between(1, 10)
            .tuple3()
            .map(t -> new Gfs(t.get1(), t.get2(), t.get3()));
    Arbitrary<Spec> leaf =
        Arbitraries.frequencyOf(
            Tuple.of(3, rule),
            Tuple.of(3, Combinators.combine(rule, zones()).as(InZone::new)),
            Tuple.of(1, gfs),
            Tuple.of(1, Combinators.combine(gfs, zones()).as(InZone::new)));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Spec> smaller = specs(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(2, leaf),
        Tuple.of(3, Combinators.combine(smaller, smaller).as(And::new)),
        Tuple.of(1, Combinators.combine(smaller, zones()).as(InZone::new)));
  }

  // ---- properties against the model

  @Property(tries = 500)
  void keepsExactlyWhatTheModelSaysMustSurvive(
      @ForAll("histories") List<BackupRecord> history, @ForAll("specs") Spec spec) {
    assertThat(spec.policy().keep(history, NOW))
        .as("%s", spec)
        .isEqualTo(mustSurvive(spec, history, NOW));
  }

  @Property(tries = 300)
  void gfsKeepsTheNewestOfItsLastDaysWeeksAndMonthsInItsZone(
      @ForAll("histories") List<BackupRecord> history,
      @ForAll @IntRange(min = 1, max = 10) int days,
      @ForAll @IntRange(min = 1, max = 6) int weeks,
      @ForAll @IntRange(min = 1, max = 6) int months,
      @ForAll("zones") ZoneId zone) {
    Set<String> expected =
        mustSurvive(new InZone(new Gfs(days, weeks, months), zone), history, NOW);

    assertThat(RetentionPolicy.gfs(days, weeks, months).inZone(zone).keep(history, NOW))
        .isEqualTo(expected);
  }

  // ---- properties that hold whatever the rules

  @Property(tries = 300)
  void neverDeletesTheNewestBackup(
      @ForAll("histories") List<BackupRecord> history, @ForAll("specs") Spec spec) {
    Set<String> keep = spec.policy().keep(history, NOW);
    newest(history).ifPresent(b -> assertThat(keep).contains(b.id()));
  }

  @Property(tries = 300)
  void keepsOnlyBackupsItWasGiven(
      @ForAll("histories") List<BackupRecord> history, @ForAll("specs") Spec spec) {
    assertThat(history.stream().map(BackupRecord::id).toList())
        .containsAll(spec.policy().keep(history, NOW));
  }

  @Property(tries = 300)
  void doesNotDependOnTheOrderOfItsInput(
      @ForAll("histories") List<BackupRecord> history,
      @ForAll("specs") Spec spec,
      @ForAll Random random) {
    List<BackupRecord> shuffled = new ArrayList<>(history);
    Collections.shuffle(shuffled, random);
    RetentionPolicy policy = spec.policy();

    assertThat(policy.keep(shuffled, NOW)).isEqualTo(policy.keep(history, NOW));
  }

  /**
   * Pruning twice at the same instant deletes nothing more. This holds for keepDays and unions too:
   * every rule's picks from a history are again its picks from any subset of that history that
   * still holds them (the newest n stay the newest n, the last n periods with backups stay the last
   * n, the window stays the window). It does not hold at a later instant: keepDays' window moves.
   */
  @Property(tries = 300)
  void keepsAllOfItsOwnKeptSetWhenAppliedAgainAtTheSameInstant(
      @ForAll("histories") List<BackupRecord> history, @ForAll("specs") Spec spec) {
    RetentionPolicy policy = spec.policy();
    Set<String> kept = policy.keep(history, NOW);
    List<BackupRecord> survivors = history.stream().filter(b -> kept.contains(b.id())).toList();

    assertThat(policy.keep(survivors, NOW)).isEqualTo(kept);
  }

  @Property(tries = 300)
  void aUnionKeepsWhatEitherPartKeeps(
      @ForAll("histories") List<BackupRecord> history,
      @ForAll("specs") Spec a,
      @ForAll("specs") Spec b) {
    Set<String> either = new HashSet<>(a.policy().keep(history, NOW));
    either.addAll(b.policy().keep(history, NOW));

    assertThat(a.policy().and(b.policy()).keep(history, NOW)).isEqualTo(either);
  }

  // ---- the model

  /** The newest backup, and whatever any rule of {@code spec} keeps. */
  private static Set<String> mustSurvive(Spec spec, List<BackupRecord> history, Instant now) {
    Set<String> survive = new HashSet<>(keptBy(spec, Optional.empty(), history, now));
    newest(history).ifPresent(b -> survive.add(b.id()));
    return survive;
  }

  /**
   * What the rules of {@code spec} keep; {@code imposed} is the zone an enclosing {@code inZone}
   * set on every rule below it. The outermost wins: it was applied last.
   */
  private static Set<String> keptBy(
      Spec spec, Optional<ZoneId> imposed, List<BackupRecord> history, Instant now) {
    ZoneId zone = imposed.orElse(ZoneOffset.UTC);
    if (spec instanceof InZone z) {
      return keptBy(z.spec(), imposed.or(() -> Optional.of(z.zone())), history, now);
    }
    if (spec instanceof And and) {
      Set<String> union = new HashSet<>(keptBy(and.left(), imposed, history, now));
      union.addAll(keptBy(and.right(), imposed, history, now));
      return union;
    }
    if (spec instanceof Gfs g) {
      Set<String> union = new HashSet<>(newestOfLastPeriods(history, g.days(), zone, d -> d));
      union.addAll(
          newestOfLastPeriods(history, g.weeks(), zone, RetentionPolicyProperties::monday));
      union.addAll(newestOfLastPeriods(history, g.months(), zone, YearMonth::from));
      return union;
    }
    Rule rule = (Rule) spec;
    int n = rule.count();
    return switch (rule.kind()) {
      case ALL -> history.stream().map(BackupRecord::id).collect(Collectors.toSet());
      case LAST -> newestIds(history, n);
      // "In the last d days": younger than d days; one exactly d days old is out.
      case DAYS ->
          history.stream()
              .filter(b -> Duration.between(b.createdAt(), now).compareTo(Duration.ofDays(n)) < 0)
              .map(BackupRecord::id)
              .collect(Collectors.toSet());
      case DAILY -> newestOfLastPeriods(history, n, zone, d -> d);
      case WEEKLY -> newestOfLastPeriods(history, n, zone, RetentionPolicyProperties::monday);
      case MONTHLY -> newestOfLastPeriods(history, n, zone, YearMonth::from);
    };
  }

  /**
   * Groups the backups by calendar period (the local date in {@code zone}, mapped to its period),
   * takes the {@code n} latest periods, and the newest backup of each.
   */
  private static <K extends Comparable<? super K>> Set<String> newestOfLastPeriods(
      List<BackupRecord> history, int n, ZoneId zone, Function<LocalDate, K> period) {
    TreeMap<K, TreeMap<Instant, String>> byPeriod = new TreeMap<>();
    for (BackupRecord b : history) {
      byPeriod
          .computeIfAbsent(
              period.apply(b.createdAt().atZone(zone).toLocalDate()), k -> new TreeMap<>())
          .put(b.createdAt(), b.id());
    }
    return byPeriod.descendingMap().values().stream()
        .limit(n)
        .map(backups -> backups.lastEntry().getValue())
        .collect(Collectors.toSet());
  }

  /** An ISO week, named by its Monday. */
  private static LocalDate monday(LocalDate d) {
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  private static Set<String> newestIds(List<BackupRecord> history, int n) {
    TreeMap<Instant, String> byTime = new TreeMap<>();
    history.forEach(b -> byTime.put(b.createdAt(), b.id()));
    return byTime.descendingMap().values().stream().limit(n).collect(Collectors.toSet());
  }

  private static Optional<BackupRecord> newest(List<BackupRecord> history) {
    return history.stream().max(Comparator.comparing(BackupRecord::createdAt));
  }

  /** The one place that builds a {@link BackupRecord}; every test gets its backups here. */
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
