package dev.opskit.schemadiff.internal.migrate;

import dev.opskit.schemadiff.migrate.Safety;

/** One clause of an ALTER TABLE, or one whole statement, with its safety. */
record Clause(String sql, Safety safety, String reason) {
  static Clause safe(String sql, String reason) {
    return new Clause(sql, Safety.SAFE, reason);
  }

  static Clause unsafe(String sql, String reason) {
    return new Clause(sql, Safety.UNSAFE, reason);
  }
}
