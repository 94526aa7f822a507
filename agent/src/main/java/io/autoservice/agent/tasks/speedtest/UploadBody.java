package io.autoservice.agent.tasks.speedtest;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upload's body as speedtest clients send it: {@code content1=} followed by {@code 0123…XYZ}
 * repeated, {@code length} bytes in all, generated as it is read. Counts every byte read into a
 * shared counter (for live progress).
 */
final class UploadBody extends InputStream {
  private static final byte[] PATTERN =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PREFIX = "content1=".getBytes(StandardCharsets.US_ASCII);
  private final long length;
  private final AtomicLong counter;
  private long pos;

  UploadBody(long length, AtomicLong counter) {
    this.length = length;
    this.counter = counter;
  }

  private static byte at(long p) {
    return p < PREFIX.length
        ? PREFIX[(int) p]
        : PATTERN[(int) ((p - PREFIX.length) % PATTERN.length)];
  }

  @Override
  public int read() {
    if (pos >= length) {
      return -1;
    }
    counter.incrementAndGet();
    return at(pos++);
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (pos >= length) {
      return -1;
    }
    int n = (int) Math.min(len, length - pos);
    for (int i = 0; i < n; i++) {
      b[off + i] = at(pos + i);
    }
    pos += n;
    counter.addAndGet(n);
    return n;
  }
}
