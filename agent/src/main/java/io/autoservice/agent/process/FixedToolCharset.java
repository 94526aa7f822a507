package io.autoservice.agent.process;

import java.nio.charset.Charset;
import java.util.Objects;

/** A {@link ToolCharset} that always decodes with one charset, as a stream. */
record FixedToolCharset(Charset charset) implements ToolCharset {
  FixedToolCharset {
    Objects.requireNonNull(charset, "charset");
  }
}
