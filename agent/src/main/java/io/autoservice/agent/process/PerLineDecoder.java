package io.autoservice.agent.process;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits an ASCII-compatible byte stream into lines, then decodes each line as UTF-8 if it is valid
 * UTF-8 and with a fallback charset otherwise.
 *
 * <p>Deciding per line copes with tools that mix encodings, for example a console tool writing OEM
 * text around the UTF-8 output of a child it runs. Bytes are mapped 1:1 to chars through ISO-8859-1
 * so the shared {@link LineSplitter} can find the CR and LF bytes, and mapped back before decoding.
 */
final class PerLineDecoder implements LineDecoder {

  private static final String UTF8_BOM = "\u00EF\u00BB\u00BF";

  private final Charset fallback;
  private final Consumer<String> sink;
  private final LineSplitter splitter;
  private final CharsetDecoder strictUtf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private boolean firstLine = true;

  PerLineDecoder(Charset fallback, Consumer<String> sink) {
    this.fallback = fallback;
    this.sink = sink;
    this.splitter = new LineSplitter(this::onRawLine);
  }

  @Override
  public void feed(byte[] bytes, int off, int len) {
    splitter.feed(new String(bytes, off, len, StandardCharsets.ISO_8859_1));
  }

  @Override
  public void finish() {
    splitter.finish();
  }

  private void onRawLine(String raw) {
    String bytesAsChars = raw;
    if (firstLine) {
      firstLine = false;
      if (bytesAsChars.startsWith(UTF8_BOM)) {
        bytesAsChars = bytesAsChars.substring(UTF8_BOM.length());
      }
    }
    sink.accept(LineDecoders.withoutNuls(decode(bytesAsChars)));
  }

  private String decode(String bytesAsChars) {
    if (isAscii(bytesAsChars)) {
      return bytesAsChars; // the common case, identical in every ASCII-compatible charset
    }
    byte[] bytes = bytesAsChars.getBytes(StandardCharsets.ISO_8859_1);
    try {
      return strictUtf8.reset().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notUtf8) {
      return new String(bytes, fallback); // replaces what even the fallback cannot map
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
