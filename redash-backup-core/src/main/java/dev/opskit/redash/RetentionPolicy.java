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
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which complete backups to keep. Rules combine with {@link #and}: a backup is kept when any rule
 * keeps it. Whatever the rules, the newest complete backup is always kept.
 *
 * <p>The calendar rules follow restic's {@code --keep-daily/weekly/monthly}: for the last N days
 * (ISO weeks, months) that have backups, keep the newest backup of each. Days are counted in UTC
 * unless {@link #inZone} says otherwise.
 */
public final class RetentionPolicy {
  private final List<Rule> rules;
  private final ZoneId zone;

  private RetentionPolicy(List<Rule> rules, ZoneId zone) {
    this.rules = List.copyOf(rules);
    this.zone = zone;
  }

  private record Rule(String kind, int count) {}

  /**
   * Keeps every backup: prune then only cleans up orphans.
   *
   * @return the policy
   */
  public static RetentionPolicy keepAll() {
    return new RetentionPolicy(List.of(new Rule("all", 0)), ZoneOffset.UTC);
  }

  /**
   * Keeps the newest {@code n} backups.
   *
   * @param n how many; at least 1
   * @return the policy
   */
  public static RetentionPolicy keepLast(int n) {
    return single("last", n);
  }

  /**
   * Keeps the backups taken in the last {@code days} days.
   *
   * @param days the window; at least 1
   * @return the policy
   */
  public static RetentionPolicy keepDays(int days) {
    return single("days", days);
  }

  /**
   * Keeps the newest backup of each of the last {@code n} days that have backups.
   *
   * @param n how many days; at least 1
   * @return the policy
   */
  public static RetentionPolicy daily(int n) {
    return single("daily", n);
  }

  /**
   * Keeps the newest backup of each of the last {@code n} ISO weeks that have backups.
   *
   * @param n how many weeks; at least 1
   * @return the policy
   */
  public static RetentionPolicy weekly(int n) {
    return single("weekly", n);
  }

  /**
   * Keeps the newest backup of each of the last {@code n} months that have backups.
   *
   * @param n how many months; at least 1
   * @return the policy
   */
  public static RetentionPolicy monthly(int n) {
    return single("monthly", n);
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

  private static RetentionPolicy single(String kind, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(kind + " retention needs a count of at least 1, got " + n);
    }
    return new RetentionPolicy(List.of(new Rule(kind, n)), ZoneOffset.UTC);
  }

  /**
   * Keeps what this policy or the other keeps.
   *
   * @param other another policy
   * @return the union
   */
  public RetentionPolicy and(RetentionPolicy other) {
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(other.rules);
    return new RetentionPolicy(all, zone);
  }

  /**
   * Counts calendar days, weeks and months in a time zone.
   *
   * @param zone the zone
   * @return the policy in that zone
   */
  public RetentionPolicy inZone(ZoneId zone) {
    return new RetentionPolicy(rules, Objects.requireNonNull(zone, "zone"));
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
      switch (rule.kind()) {
        case "all" -> newestFirst.forEach(b -> keep.add(b.id()));
        case "last" -> newestFirst.stream().limit(rule.count()).forEach(b -> keep.add(b.id()));
        case "days" -> {
          Instant cutoff = now.minus(Duration.ofDays(rule.count()));
          newestFirst.stream()
              .filter(b -> b.createdAt().isAfter(cutoff))
              .forEach(b -> keep.add(b.id()));
        }
        case "daily" -> newestPerBucket(newestFirst, rule.count(), this::day, keep);
        case "weekly" -> newestPerBucket(newestFirst, rule.count(), this::week, keep);
        case "monthly" -> newestPerBucket(newestFirst, rule.count(), this::month, keep);
        default -> throw new IllegalStateException(rule.kind());
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

  private Object day(Instant t) {
    return LocalDate.ofInstant(t, zone);
  }

  private Object week(Instant t) {
    LocalDate d = LocalDate.ofInstant(t, zone);
    return d.get(IsoFields.WEEK_BASED_YEAR) * 100 + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
  }

  private Object month(Instant t) {
    LocalDate d = LocalDate.ofInstant(t, zone);
    return d.getYear() * 100 + d.getMonthValue();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (Rule rule : rules) {
      if (s.length() > 0) {
        s.append(" + ");
      }
      s.append(rule.kind().equals("all") ? "keep all" : rule.kind() + " " + rule.count());
    }
    return s + (zone.equals(ZoneOffset.UTC) ? "" : " (" + zone + ")");
  }
}
