package dev.opskit.examples.schemadiff;

import java.util.List;

/**
 * The benchmark's command-line options.
 *
 * @param tables how many tables each schema has
 * @param seed the seed of the generator and of the drift
 * @param warmups unmeasured runs before the measured ones
 * @param runs measured runs
 * @param skeema whether to run {@code skeema diff} once
 * @param liquibase whether to run Liquibase's diff once
 * @param liquibaseTables how many tables the Liquibase pair has; {@code tables} unless smaller
 * @param keep whether to leave the databases in place at the end, for profiling; the next run drops
 *     and recreates them
 */
record BenchmarkOptions(
    int tables,
    long seed,
    int warmups,
    int runs,
    boolean skeema,
    boolean liquibase,
    int liquibaseTables,
    boolean keep) {

  static final String USAGE =
      "usage: SchemaDiffBenchmark [--tables N (2000)] [--seed S (42)] [--warmups W (3)]"
          + " [--runs R (10)] [--skeema] [--liquibase] [--liquibase-tables N] [--keep]";

  BenchmarkOptions {
    if (tables < 8) {
      throw new IllegalArgumentException("--tables must be at least 8, was " + tables);
    }
    if (warmups < 0 || runs < 1) {
      throw new IllegalArgumentException("--warmups must be >= 0 and --runs >= 1");
    }
    if (liquibaseTables < 8 || liquibaseTables > tables) {
      throw new IllegalArgumentException(
          "--liquibase-tables must be between 8 and --tables (" + tables + ")");
    }
  }

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException with the usage line for an unknown or malformed option
   */
  static BenchmarkOptions parse(List<String> args) {
    int tables = 2000;
    long seed = 42;
    int warmups = 3;
    int runs = 10;
    boolean skeema = false;
    boolean liquibase = false;
    Integer liquibaseTables = null;
    boolean keep = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--tables" -> tables = intValue(args, ++i, arg);
        case "--seed" -> seed = intValue(args, ++i, arg);
        case "--warmups" -> warmups = intValue(args, ++i, arg);
        case "--runs" -> runs = intValue(args, ++i, arg);
        case "--skeema" -> skeema = true;
        case "--liquibase" -> liquibase = true;
        case "--keep" -> keep = true;
        case "--liquibase-tables" -> {
          liquibaseTables = intValue(args, ++i, arg);
          liquibase = true;
        }
        default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
      }
    }
    return new BenchmarkOptions(
        tables,
        seed,
        warmups,
        runs,
        skeema,
        liquibase,
        liquibaseTables == null ? tables : liquibaseTables,
        keep);
  }

  private static int intValue(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    try {
      return Integer.parseInt(args.get(i).replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a number, got '" + args.get(i) + "'\n" + USAGE, e);
    }
  }
}
