package io.autoservice.agent.process;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one output stream of a child process until end of input, on its own thread, passing each
 * decoded line to the listener and to the retained lines as soon as it is complete.
 *
 * <p>Reading continuously, rather than after the process exits, is what keeps a tool with a lot of
 * output from blocking on a full pipe.
 */
final class StreamPump implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamPump.class);
  private static final int BUFFER_SIZE = 8192;

  private final InputStream in;
  private final StreamKind kind;
  private final OutputListener listener;
  private final RetainedLines lines;
  private final LineDecoder decoder;

  /** Set once the runner has returned: nobody wants this stream's output any more. */
  private volatile boolean detached;

  private boolean listenerFailed;
  private boolean decoderFailed;

  StreamPump(
      InputStream in,
      StreamKind kind,
      ToolCharset charset,
      OutputListener listener,
      RetainedLines lines) {
    this.in = in;
    this.kind = kind;
    this.listener = listener;
    this.lines = lines;
    this.decoder = LineDecoders.create(charset, this::deliver);
  }

  @Override
  public void run() {
    byte[] buffer = new byte[BUFFER_SIZE];
    try (in) {
      int n;
      while (!detached && (n = in.read(buffer)) != -1) {
        feed(buffer, n);
      }
    } catch (IOException e) {
      // The stream was closed under us (process gone); what was read is still delivered below.
      LOG.debug("Reading {} stopped: {}", kind, e.toString());
    } finally {
      finish();
    }
  }

  /** Stops delivering lines (the runner returned); the thread ends at its next read. */
  void detach() {
    detached = true;
  }

  private void feed(byte[] buffer, int n) {
    try {
      decoder.feed(buffer, 0, n);
    } catch (RuntimeException e) {
      // Must not happen (decoders replace bad input), but must never stop draining the pipe either.
      if (!decoderFailed) {
        decoderFailed = true;
        LOG.warn("Decoding {} failed; the affected output is lost", kind, e);
      }
    }
  }

  private void finish() {
    try {
      decoder.finish();
    } catch (RuntimeException e) {
      LOG.warn("Decoding the end of {} failed", kind, e);
    }
  }

  private void deliver(String line) {
    if (detached) {
      return;
    }
    try {
      listener.onLine(kind, line);
    } catch (RuntimeException e) {
      if (!listenerFailed) {
        listenerFailed = true; // log once: a broken listener would otherwise flood the log
        LOG.warn("Output listener failed on {}; further failures are not logged", kind, e);
      }
    }
    lines.add(line);
  }
}
