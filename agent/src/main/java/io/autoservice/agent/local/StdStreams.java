package io.autoservice.agent.local;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * stdout and stderr as UTF-8 whatever the console's code page (the desktop host reads our output as
 * UTF-8 and stops at the first invalid byte), with stderr mirrored to the log file when asked.
 * stderr's lines never carry a raw control character ({@link SafeLinePrintStream}).
 */
public final class StdStreams implements AutoCloseable {
  private final PrintStream out;
  private final PrintStream err;
  private final OutputStream logFile;

  private StdStreams(PrintStream out, PrintStream err, OutputStream logFile) {
    this.out = out;
    this.err = err;
    this.logFile = logFile;
  }

  /** Opens the streams; {@code logFile} may be null. */
  public static StdStreams open(Path logFile) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    OutputStream errRaw = new FileOutputStream(FileDescriptor.err);
    OutputStream log = null;
    if (logFile != null) {
      try {
        Path abs = logFile.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        log =
            Files.newOutputStream(
                abs,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        errRaw = new TeeOutputStream(errRaw, log);
      } catch (IOException e) {
        // As the original: a log file we cannot open is reported, and the run goes on without it.
        PrintStream err = new SafeLinePrintStream(errRaw);
        err.println("Failed to initialize log file '" + logFile + "': " + e);
        return new StdStreams(out, err, null);
      }
    }
    PrintStream err = new SafeLinePrintStream(errRaw);
    if (logFile != null) {
      err.println("Log file initialized: " + logFile.toAbsolutePath());
    }
    return new StdStreams(out, err, log);
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public void flush() {
    out.flush();
    err.flush();
  }

  @Override
  public void close() {
    flush();
    if (logFile != null) {
      try {
        logFile.close();
      } catch (IOException e) {
        // Nothing left to tell: stderr already carried every line.
      }
    }
  }
}
