package dev.opskit.redash;

/** The pg_dump output format. */
public enum DumpFormat {
  /** Plain SQL ({@code pg_dump -Fp}), restored with {@code psql -v ON_ERROR_STOP=1 -1}. */
  PLAIN(".sql"),
  /**
   * Custom archive ({@code pg_dump -Fc -Z0}, compressed by opskit), restored with {@code pg_restore
   * --exit-on-error --single-transaction}.
   */
  CUSTOM(".dump");

  private final String suffix;

  DumpFormat(String suffix) {
    this.suffix = suffix;
  }

  /**
   * The file-name suffix of this format, such as {@code .sql}.
   *
   * @return the suffix
   */
  public String suffix() {
    return suffix;
  }
}
