package dev.opskit.redash;

/** How the dump is compressed on its way to the store. */
public enum Compression {
  /** gzip, level 6: what {@code pg_dump | gzip} produces, readable by {@code gunzip}. */
  GZIP(".gz"),
  /**
   * Zstandard, level 3: about as fast as the dump itself, readable by {@code zstd -d}. Needs {@code
   * com.github.luben:zstd-jni}, an optional dependency of this module, in your build, both to back
   * up and to restore; without it they fail with a message naming that artifact.
   */
  ZSTD(".zst"),
  /** Stored as pg_dump wrote it. */
  NONE("");

  private final String suffix;

  Compression(String suffix) {
    this.suffix = suffix;
  }

  /**
   * The file-name suffix of this compression, such as {@code .gz}.
   *
   * @return the suffix, empty for {@link #NONE}
   */
  public String suffix() {
    return suffix;
  }
}
