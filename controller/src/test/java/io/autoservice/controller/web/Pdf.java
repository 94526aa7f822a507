package io.autoservice.controller.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A PDF's text as a reader would copy it, by poppler's {@code pdftotext} (poppler-utils). */
final class Pdf {
  static final long TIMEOUT_SECONDS = 30;

  private Pdf() {}

  /** {@code pdftotext -layout - -}: the PDF on stdin, its text (pages split by form feeds) out. */
  static String text(byte[] pdf) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    // Read while writing: a large PDF's text would otherwise fill the pipe and stall both sides.
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = p.getInputStream()) {
                return in.readAllBytes();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try (OutputStream in = p.getOutputStream()) {
      in.write(pdf);
    }
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("pdftotext did not finish within " + TIMEOUT_SECONDS + " s");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("pdftotext exited with " + p.exitValue() + ": not a readable PDF");
    }
    return new String(out.join(), StandardCharsets.UTF_8);
  }

  /** The number of pages: pdftotext ends each page with a form feed. */
  static int pages(String text) {
    return (int) text.chars().filter(c -> c == '\f').count();
  }
}
