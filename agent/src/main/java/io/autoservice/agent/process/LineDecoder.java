package io.autoservice.agent.process;

/**
 * Turns one output stream's bytes, fed as they arrive, into decoded lines for a sink.
 *
 * <p>Implementations never throw on bad input (malformed bytes are replaced or decoded with a
 * fallback), strip a leading BOM and remove NUL characters. Not thread-safe: one per stream.
 */
interface LineDecoder {

  /** Feeds {@code len} bytes of {@code bytes} from {@code off}; the array may be reused after. */
  void feed(byte[] bytes, int off, int len);

  /** Delivers what is still pending; call once, at end of input. */
  void finish();
}
