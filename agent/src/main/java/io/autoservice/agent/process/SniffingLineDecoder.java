package io.autoservice.agent.process;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Looks at the first bytes of a stream to choose between UTF-16LE and per-line UTF-8/fallback
 * decoding, then hands everything to the chosen decoder.
 *
 * <p>The choice is made as soon as two bytes have arrived (or at end of input), from all bytes
 * received by then, up to {@value #SNIFF_LIMIT}: an FF FE BOM or any NUL byte means UTF-16LE, since
 * text in UTF-8 or a single-byte code page has no NULs while UTF-16LE text in a Latin script has
 * one in every character. Waiting for only two bytes keeps the first line live.
 */
final class SniffingLineDecoder implements LineDecoder {

  static final int SNIFF_LIMIT = 64;

  private final Charset fallback;
  private final Consumer<String> sink;
  private byte[] head = new byte[0];
  private LineDecoder chosen;

  SniffingLineDecoder(Charset fallback, Consumer<String> sink) {
    this.fallback = fallback;
    this.sink = sink;
  }

  @Override
  public void feed(byte[] bytes, int off, int len) {
    if (chosen != null) {
      chosen.feed(bytes, off, len);
      return;
    }
    byte[] grown = Arrays.copyOf(head, head.length + len);
    System.arraycopy(bytes, off, grown, head.length, len);
    head = grown;
    if (head.length >= 2) {
      choose();
    }
  }

  @Override
  public void finish() {
    if (chosen == null) {
      choose();
    }
    chosen.finish();
  }

  private void choose() {
    chosen =
        looksLikeUtf16le(head)
            ? new StreamLineDecoder(StandardCharsets.UTF_16LE, sink)
            : new PerLineDecoder(fallback, sink);
    chosen.feed(head, 0, head.length);
    head = null;
  }

  static boolean looksLikeUtf16le(byte[] start) {
    if (start.length >= 2 && start[0] == (byte) 0xFF && start[1] == (byte) 0xFE) {
      return true;
    }
    for (int i = 0; i < Math.min(start.length, SNIFF_LIMIT); i++) {
      if (start[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
