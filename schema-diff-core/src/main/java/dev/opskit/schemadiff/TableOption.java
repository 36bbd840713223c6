package dev.opskit.schemadiff;

/**
 * The table options a comparison can ignore one at a time, unlike mysqldiff's all-or-nothing {@code
 * --skip-table-options}.
 */
public enum TableOption {
  /** {@code AUTO_INCREMENT=n}: the counter's next value (ignored by default; never the column). */
  AUTO_INCREMENT("AUTO_INCREMENT"),
  /** {@code ENGINE}. */
  ENGINE("ENGINE"),
  /** {@code DEFAULT CHARSET}: the table's default character set. */
  DEFAULT_CHARSET("DEFAULT CHARSET"),
  /** {@code COLLATE}: the table's default collation. */
  COLLATE("COLLATE"),
  /** {@code ROW_FORMAT}. */
  ROW_FORMAT("ROW_FORMAT"),
  /** {@code COMMENT}. */
  COMMENT("COMMENT"),
  /** {@code KEY_BLOCK_SIZE}. */
  KEY_BLOCK_SIZE("KEY_BLOCK_SIZE"),
  /** {@code STATS_PERSISTENT}. */
  STATS_PERSISTENT("STATS_PERSISTENT"),
  /** {@code STATS_AUTO_RECALC}. */
  STATS_AUTO_RECALC("STATS_AUTO_RECALC"),
  /** {@code STATS_SAMPLE_PAGES}. */
  STATS_SAMPLE_PAGES("STATS_SAMPLE_PAGES"),
  /** {@code CHECKSUM}. */
  CHECKSUM("CHECKSUM"),
  /** {@code COMPRESSION}. */
  COMPRESSION("COMPRESSION"),
  /** {@code ENCRYPTION}. */
  ENCRYPTION("ENCRYPTION"),
  /** {@code PACK_KEYS}. */
  PACK_KEYS("PACK_KEYS"),
  /** {@code DELAY_KEY_WRITE}. */
  DELAY_KEY_WRITE("DELAY_KEY_WRITE"),
  /** {@code MAX_ROWS}. */
  MAX_ROWS("MAX_ROWS"),
  /** {@code MIN_ROWS}. */
  MIN_ROWS("MIN_ROWS"),
  /** {@code AVG_ROW_LENGTH}. */
  AVG_ROW_LENGTH("AVG_ROW_LENGTH"),
  /** MariaDB {@code PAGE_CHECKSUM}. */
  PAGE_CHECKSUM("PAGE_CHECKSUM"),
  /** MariaDB {@code PAGE_COMPRESSED}. */
  PAGE_COMPRESSED("PAGE_COMPRESSED"),
  /** MariaDB {@code PAGE_COMPRESSION_LEVEL}. */
  PAGE_COMPRESSION_LEVEL("PAGE_COMPRESSION_LEVEL"),
  /** MariaDB {@code TRANSACTIONAL}. */
  TRANSACTIONAL("TRANSACTIONAL"),
  /** {@code INSERT_METHOD} of MERGE tables. */
  INSERT_METHOD("INSERT_METHOD"),
  /** {@code UNION} of MERGE tables. */
  UNION("UNION"),
  /** {@code TABLESPACE}. */
  TABLESPACE("TABLESPACE"),
  /** {@code DATA DIRECTORY}. */
  DATA_DIRECTORY("DATA_DIRECTORY"),
  /** {@code INDEX DIRECTORY}. */
  INDEX_DIRECTORY("INDEX_DIRECTORY"),
  /** {@code CONNECTION} of FEDERATED tables. */
  CONNECTION("CONNECTION"),
  /** MariaDB {@code ENCRYPTION_KEY_ID}. */
  ENCRYPTION_KEY_ID("ENCRYPTION_KEY_ID"),
  /** MySQL {@code SECONDARY_ENGINE}. */
  SECONDARY_ENGINE("SECONDARY_ENGINE"),
  /** MySQL {@code AUTOEXTEND_SIZE}. */
  AUTOEXTEND_SIZE("AUTOEXTEND_SIZE");

  private final String optionName;

  TableOption(String optionName) {
    this.optionName = optionName;
  }

  /**
   * Returns the option's canonical name in the model.
   *
   * @return such as {@code DEFAULT CHARSET} or {@code ROW_FORMAT}
   */
  public String optionName() {
    return optionName;
  }
}
