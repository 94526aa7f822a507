package io.autoservice.agent.process;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.function.Consumer;

/**
 * Decodes the whole stream with one charset, then splits the text into lines.
 *
 * <p>Splitting after decoding is what makes UTF-16LE work: there a 0x0A or 0x0D byte can be half of
 * another character. A character split across two reads is carried over to the next feed.
 */
final class StreamLineDecoder implements LineDecoder {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final CharsetDecoder decoder;
  private final LineSplitter splitter;
  private final CharBuffer chars = CharBuffer.allocate(8192);

  /** Bytes of an incomplete character at the end of the last feed. */
  private ByteBuffer carry = EMPTY;

  private boolean atStart = true;

  StreamLineDecoder(Charset charset, Consumer<String> sink) {
    this.decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    this.splitter = new LineSplitter(line -> sink.accept(LineDecoders.withoutNuls(line)));
  }

  @Override
  public void feed(byte[] bytes, int off, int len) {
    ByteBuffer in;
    if (carry.hasRemaining()) {
      in = ByteBuffer.allocate(carry.remaining() + len);
      in.put(carry).put(bytes, off, len).flip();
    } else {
      in = ByteBuffer.wrap(bytes, off, len);
    }
    decode(in, false);
    // Copy, since the caller reuses its array.
    carry = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : EMPTY;
  }

  @Override
  public void finish() {
    decode(carry, true);
    carry = EMPTY;
    while (decoder.flush(chars).isOverflow()) {
      deliverChars();
    }
    deliverChars();
    splitter.finish();
  }

  private void decode(ByteBuffer in, boolean endOfInput) {
    CoderResult result;
    do {
      // With REPLACE actions the only results are underflow (need input) and overflow (need room).
      result = decoder.decode(in, chars, endOfInput);
      deliverChars();
    } while (result.isOverflow());
  }

  private void deliverChars() {
    chars.flip();
    if (atStart && chars.hasRemaining()) {
      atStart = false;
      if (chars.get(chars.position()) == '\uFEFF') {
        chars.get(); // BOM
      }
    }
    splitter.feed(chars);
    chars.clear();
  }
}
