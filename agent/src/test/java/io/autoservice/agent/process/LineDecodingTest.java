package io.autoservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDecodingTest {

  private static final Charset IBM850 = Charset.forName("IBM850");
  private static final Charset CP1252 = Charset.forName("windows-1252");

  private static List<String> decode(ToolCharset charset, byte[] bytes, int chunkSize) {
    List<String> lines = new ArrayList<>();
    LineDecoder decoder = LineDecoders.create(charset, lines::add);
    for (int i = 0; i < bytes.length; i += chunkSize) {
      decoder.feed(bytes, i, Math.min(chunkSize, bytes.length - i));
    }
    decoder.finish();
    return lines;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void utf16leIsSplitAfterDecodingEvenFedByteByByte() {
    // U+010A is 0A 01 and U+0D0A is 0A 0D in UTF-16LE: LF and CR bytes that are not terminators.
    String text = "\uFEFFVerification 5% complete.\rVerification 42% complete.\r\n\u010A\u0D0A\r\n";
    for (int chunk : new int[] {1, 3, 7, 8192}) {
      assertThat(decode(ToolCharset.utf16le(), text.getBytes(StandardCharsets.UTF_16LE), chunk))
          .as("chunk size %d", chunk)
          .containsExactly(
              "Verification 5% complete.", "Verification 42% complete.", "\u010A\u0D0A");
    }
  }

  @Test
  void autoDetectsUtf16leWithAndWithoutBom() {
    byte[] noBom = "\r\nÜberprüfung\r\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] bom = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, noBom);
    for (byte[] bytes : List.of(noBom, bom)) {
      assertThat(decode(ToolCharset.auto(IBM850), bytes, 1)).containsExactly("", "Überprüfung");
      assertThat(decode(ToolCharset.auto(IBM850), bytes, 4096)).containsExactly("", "Überprüfung");
    }
  }

  @Test
  void autoDecidesPerLineBetweenUtf8AndFallback() {
    byte[] bytes =
        concat(
            "Überprüfung\r\n".getBytes(IBM850),
            "Größe ✓\n".getBytes(StandardCharsets.UTF_8),
            "plain".getBytes(StandardCharsets.US_ASCII));
    assertThat(decode(ToolCharset.auto(IBM850), bytes, 2))
        .containsExactly("Überprüfung", "Größe ✓", "plain");
    assertThat(decode(ToolCharset.oem(), "x\n".getBytes(StandardCharsets.US_ASCII), 1))
        .containsExactly("x");
  }

  @Test
  void utf8FallsBackToWindows1252PerLineWithoutLosingBytes() {
    byte[] bytes = concat("café 1€\n".getBytes(CP1252), "café\n".getBytes(StandardCharsets.UTF_8));
    assertThat(decode(ToolCharset.utf8(), bytes, 3)).containsExactly("café 1€", "café");
  }

  @Test
  void utf8BomIsStrippedAndNulsRemoved() {
    byte[] bytes =
        concat(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            "a\0b\nc\0\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(decode(ToolCharset.utf8(), bytes, 1)).containsExactly("ab", "c");
    assertThat(decode(ToolCharset.fixed(StandardCharsets.UTF_8), bytes, 1))
        .containsExactly("ab", "c");
  }

  @Test
  void fixedCharsetReplacesMalformedInputInsteadOfFailing() {
    byte[] bytes = {'o', 'k', (byte) 0xC3, '\n', (byte) 0xE2, (byte) 0x9C};
    assertThat(decode(ToolCharset.fixed(StandardCharsets.UTF_8), bytes, 1))
        .containsExactly("ok\uFFFD", "\uFFFD");
  }

  @Test
  void fixedCharsetCarriesCharactersSplitAcrossReads() {
    byte[] bytes = "ä✓ü\n".getBytes(StandardCharsets.UTF_8);
    assertThat(decode(ToolCharset.fixed(StandardCharsets.UTF_8), bytes, 1)).containsExactly("ä✓ü");
  }

  @Test
  void sniffingHandlesTinyAndEmptyOutput() {
    assertThat(decode(ToolCharset.auto(IBM850), new byte[0], 1)).isEmpty();
    assertThat(decode(ToolCharset.auto(IBM850), new byte[] {'x'}, 1)).containsExactly("x");
    assertThat(SniffingLineDecoder.looksLikeUtf16le(new byte[] {'O', 'K', '\r', '\n'})).isFalse();
    assertThat(SniffingLineDecoder.looksLikeUtf16le(new byte[] {'O', 0})).isTrue();
    assertThat(SniffingLineDecoder.looksLikeUtf16le(new byte[] {(byte) 0xFF, (byte) 0xFE}))
        .isTrue();
  }

  @Test
  void utf16OutputDecodedAsUtf8DoesNotBreakTheReader() {
    byte[] bytes = "line one\r\nline two\r\n".getBytes(StandardCharsets.UTF_16LE);
    assertThat(decode(ToolCharset.utf8(), bytes, 5)).contains("line one", "line two");
  }
}
