package dev.opskit.schemadiff.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CharsetsTest {

  @Test
  void knowsTheWidestCharacterOfEachCharset() {
    assertThat(Charsets.maxBytesPerChar("latin1")).isEqualTo(1);
    assertThat(Charsets.maxBytesPerChar("binary")).isEqualTo(1);
    assertThat(Charsets.maxBytesPerChar("utf8")).isEqualTo(3);
    assertThat(Charsets.maxBytesPerChar("UTF8MB3")).isEqualTo(3);
    assertThat(Charsets.maxBytesPerChar("utf8mb4")).isEqualTo(4);
    assertThat(Charsets.maxBytesPerChar("ucs2")).isEqualTo(2);
    assertThat(Charsets.maxBytesPerChar("utf16")).isEqualTo(4);
    assertThat(Charsets.maxBytesPerChar("utf32")).isEqualTo(4);
    assertThat(Charsets.maxBytesPerChar("sjis")).isEqualTo(2);
  }

  @Test
  void knowsTheNarrowestCharacterOfEachCharset() {
    assertThat(Charsets.minBytesPerChar("utf8mb4")).isEqualTo(1);
    assertThat(Charsets.minBytesPerChar("ucs2")).isEqualTo(2);
    assertThat(Charsets.minBytesPerChar("utf16")).isEqualTo(2);
    assertThat(Charsets.minBytesPerChar("utf32")).isEqualTo(4);
  }

  @Test
  void takesAnUnknownCharsetAsTheWidestAndNarrowest() {
    assertThat(Charsets.maxBytesPerChar("klingon")).isEqualTo(4);
    assertThat(Charsets.maxBytesPerChar(null)).isEqualTo(4);
    assertThat(Charsets.minBytesPerChar("klingon")).isEqualTo(1);
    assertThat(Charsets.minBytesPerChar(null)).isEqualTo(1);
    assertThat(Charsets.isBmpOnly("klingon")).isFalse();
    assertThat(Charsets.isBmpOnly(null)).isFalse();
  }

  @Test
  void knowsWhichCharsetsHoldOnlyTheBasicMultilingualPlane() {
    assertThat(Charsets.isBmpOnly("latin1")).isTrue();
    assertThat(Charsets.isBmpOnly("utf8")).isTrue();
    assertThat(Charsets.isBmpOnly("ucs2")).isTrue();
    assertThat(Charsets.isBmpOnly("utf8mb4")).isFalse();
    assertThat(Charsets.isBmpOnly("utf16")).isFalse();
    assertThat(Charsets.isBmpOnly("binary")).isFalse();
  }
}
