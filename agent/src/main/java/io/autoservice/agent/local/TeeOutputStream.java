package io.autoservice.agent.local;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes to stderr and mirrors to the log file. A failing log file (disk full, unplugged stick)
 * must not stop the markers on stderr, so its errors are remembered, not thrown.
 */
final class TeeOutputStream extends OutputStream {
  private final OutputStream primary;
  private final OutputStream mirror;
  private IOException mirrorFailure;

  TeeOutputStream(OutputStream primary, OutputStream mirror) {
    this.primary = primary;
    this.mirror = mirror;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    primary.write(b);
    if (mirrorFailure == null) {
      try {
        mirror.write(b);
      } catch (IOException e) {
        mirrorFailure = e;
      }
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    primary.write(b, off, len);
    if (mirrorFailure == null) {
      try {
        mirror.write(b, off, len);
      } catch (IOException e) {
        mirrorFailure = e;
      }
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    primary.flush();
    if (mirrorFailure == null) {
      try {
        mirror.flush();
      } catch (IOException e) {
        mirrorFailure = e;
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    mirror.close();
  }
}
