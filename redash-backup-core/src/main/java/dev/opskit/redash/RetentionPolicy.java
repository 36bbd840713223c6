package dev.opskit.redash;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which complete backups to keep. Rules combine with {@link #and}: a backup is kept when any rule
 * keeps it. Whatever the rules, the newest complete backup is always kept.
 *
 * <p>The calendar rules follow restic's {@code --keep-daily/weekly/monthly}: for the last N days
 * (ISO weeks, months) that have backups, keep the newest backup of each. Each rule counts days in
 * its own zone: UTC unless {@link #inZone} says otherwise, and {@link #and} keeps every rule's
 * zone.
 */
public final class RetentionPolicy {
  private final List<Rule> rules;

  private RetentionPolicy(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  private enum Kind {
    ALL("keep all"),
    LAST("keep last"),
    DAYS("keep"),
    DAILY("daily"),
    WEEKLY("weekly"),
    MONTHLY("monthly");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    boolean calendar() {
      return this == DAILY || this == WEEKLY || this == MONTHLY;
    }
  }

  private record Rule(Kind kind, int count, ZoneId zone) {
    Rule inZone(ZoneId other) {
      return new Rule(kind, count, other);
    }

    @Override
    public String toString() {
      String text =
          switch (kind) {
            case ALL -> kind.label;
            case DAYS -> kind.label + " " + count + " days";
            default -> kind.label + " " + count;
          };
      // The zone only changes what the calendar rules keep; UTC is the default, so left out.
      boolean utc = zone.normalized().equals(ZoneOffset.UTC);
      return kind.calendar() && !utc ? text + " (" + zone.getId() + ")" : text;
    }
  }

  /**
   * Keeps every backup: prune then only cleans up orphans.
   *
   * @return the policy
   */
  public static RetentionPolicy keepAll() {
    return new RetentionPolicy(List.of(new Rule(Kind.ALL, 0, ZoneOffset.UTC)));
  }

  /**
   * Keeps the newest {@code n} backups.
   *
   * @param n how many; at least 1
   * @return the policy
   */
  public static RetentionPolicy keepLast(int n) {
    return single(Kind.LAST, n);
  }

  /**
   * Keeps the backups taken in the last {@code days} days.
   *
   * @param days the window; at least 1
   * @return the policy
   */
  public static RetentionPolicy keepDays(int days) {
    return single(Kind.DAYS, days);
  }

  /**
   * Keeps the newest backup of each of the last {@code n} days that have backups.
   *
   * @param n how many days; at least 1
   * @return the policy
   */
  public static RetentionPolicy daily(int n) {
    return single(Kind.DAILY, n);
  }

  /**
   * Keeps the newest backup of each of the last {@code n} ISO weeks that have backups.
   *
   * @param n how many weeks; at least 1
   * @return the policy
   */
  public static RetentionPolicy weekly(int n) {
    return single(Kind.WEEKLY, n);
  }

  /**
   * Keeps the newest backup of each of the last {@code n} months that have backups.
   *
   * @param n how many months; at least 1
   * @return the policy
   */
  public static RetentionPolicy monthly(int n) {
    return single(Kind.MONTHLY, n);
  }

  /**
   * Grandfather-father-son: {@code daily(days).and(weekly(weeks)).and(monthly(months))}.
   *
   * @param days daily backups kept
   * @param weeks weekly backups kept
   * @param months monthly backups kept
   * @return the policy
   */
  public static RetentionPolicy gfs(int days, int weeks, int months) {
    return daily(days).and(weekly(weeks)).and(monthly(months));
  }

  private static RetentionPolicy single(Kind kind, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          kind.name().toLowerCase(Locale.ROOT)
              + " retention needs a count of at least 1, got "
              + n);
    }
    return new RetentionPolicy(List.of(new Rule(kind, n, ZoneOffset.UTC)));
  }

  /**
   * Keeps what this policy or the other keeps. Each rule keeps the zone it had.
   *
   * @param other another policy
   * @return the union
   */
  public RetentionPolicy and(RetentionPolicy other) {
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(other.rules);
    return new RetentionPolicy(all);
  }

  /**
   * Counts calendar days, weeks and months in a time zone, for every rule of this policy (replacing
   * the zone any of them had).
   *
   * @param zone the zone
   * @return the policy in that zone
   */
  public RetentionPolicy inZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return new RetentionPolicy(rules.stream().map(rule -> rule.inZone(zone)).toList());
  }

  /**
   * The backups to keep.
   *
   * @param backups complete backups
   * @param now the current time, for {@link #keepDays}
   * @return the ids of the backups to keep; never empty when {@code backups} is not
   */
  public Set<String> keep(Collection<BackupRecord> backups, Instant now) {
    List<BackupRecord> newestFirst =
        backups.stream()
            .sorted(
                Comparator.comparing(BackupRecord::createdAt)
                    .thenComparing(BackupRecord::id)
                    .reversed())
            .toList();
    Set<String> keep = new LinkedHashSet<>();
    if (!newestFirst.isEmpty()) {
      keep.add(newestFirst.get(0).id());
    }
    for (Rule rule : rules) {
      ZoneId zone = rule.zone();
      switch (rule.kind()) {
        case ALL -> newestFirst.forEach(b -> keep.add(b.id()));
        case LAST -> newestFirst.stream().limit(rule.count()).forEach(b -> keep.add(b.id()));
        case DAYS -> {
          Instant cutoff = now.minus(Duration.ofDays(rule.count()));
          newestFirst.stream()
              .filter(b -> b.createdAt().isAfter(cutoff))
              .forEach(b -> keep.add(b.id()));
        }
        case DAILY -> newestPerBucket(newestFirst, rule.count(), t -> day(t, zone), keep);
        case WEEKLY -> newestPerBucket(newestFirst, rule.count(), t -> week(t, zone), keep);
        case MONTHLY -> newestPerBucket(newestFirst, rule.count(), t -> month(t, zone), keep);
      }
    }
    return keep;
  }

  private static void newestPerBucket(
      List<BackupRecord> newestFirst,
      int buckets,
      Function<Instant, Object> bucketOf,
      Set<String> keep) {
    Set<Object> seen = new HashSet<>();
    for (BackupRecord backup : newestFirst) {
      if (seen.size() == buckets && !seen.contains(bucketOf.apply(backup.createdAt()))) {
        break;
      }
      if (seen.add(bucketOf.apply(backup.createdAt()))) {
        keep.add(backup.id());
      }
    }
  }

  private static Object day(Instant t, ZoneId zone) {
    return LocalDate.ofInstant(t, zone);
  }

  private static Object week(Instant t, ZoneId zone) {
    LocalDate d = LocalDate.ofInstant(t, zone);
    return d.get(IsoFields.WEEK_BASED_YEAR) * 100 + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
  }

  private static Object month(Instant t, ZoneId zone) {
    LocalDate d = LocalDate.ofInstant(t, zone);
    return d.getYear() * 100 + d.getMonthValue();
  }

  /**
   * The rules, joined by {@code +}, each calendar rule with its zone when that is not UTC.
   *
   * @return such as {@code daily 7 (Asia/Tokyo) + keep last 3}
   */
  @Override
  public String toString() {
    return String.join(" + ", rules.stream().map(Rule::toString).toList());
  }
}
