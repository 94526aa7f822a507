package io.autoservice.agent.tasks.furmark;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads FurMark 2's console output into a {@link FurMarkOutput}. Pure: no I/O, and it never throws,
 * whatever the input.
 *
 * <p>FurMark ends a run with a block like this (one line each, leading spaces and the label padding
 * vary, and the order differs between versions):
 *
 * <pre>
 * [ Demo Quick Stats ]
 * - demo                 : FurMark (GL) (built-in: YES)
 * - renderer             : NVIDIA GeForce RTX 3060/PCIe/SSE2
 * - 3D API               : OpenGL 3.2.0 NVIDIA 572.83
 * - resolution           : 1920x1080
 * - frames               : 322
 * - duration             : 3114 ms
 * - FPS (min/avg/max)    : 96 / 103 / 108
 * - GPU 0: NVIDIA GeForce RTX 3060 [10DE-2504]
 *       .max temperature: 52°C
 *       .max usage: 96%
 *       .max core clock: 1882 MHz
 *       .min core clock: 1756 MHz
 * </pre>
 *
 * The original runner's regexes, per stripped line and case-insensitive, with three relaxations:
 * the degree sign is written as a single byte that arrives mangled ({@code 52░C}, {@code 52�C},
 * {@code 52Â°C}), so anything may follow the temperature's digits; a GPU line without a bracketed
 * id still opens a block (id null); and a fractional frame rate is rounded. Each {@code .max …}
 * line belongs to the last GPU line above it; without one it is ignored. If several runs are in one
 * text (or a GPU is listed before the stats) the last value of each line and the last block of each
 * GPU index win.
 */
public final class FurMarkOutputParser {
  /** Longer lines are cut before matching: nothing FurMark prints is this long. */
  static final int MAX_LINE = 2_000;

  private static final int FLAGS = Pattern.CASE_INSENSITIVE;

  /** A number as the PC's display language writes it ({@code 1 234}, {@code 103,5}). */
  private static final String NUM = "(" + LocalNumbers.PATTERN + ")";

  private static final Pattern DEMO = Pattern.compile("^-\\s*demo\\s*:\\s*(.+)$", FLAGS);
  private static final Pattern RENDERER = Pattern.compile("^-\\s*renderer\\s*:\\s*(.+)$", FLAGS);
  private static final Pattern API = Pattern.compile("^-\\s*3D API\\s*:\\s*(.+)$", FLAGS);
  private static final Pattern RESOLUTION =
      Pattern.compile("^-\\s*resolution\\s*:\\s*(\\d{1,6})\\s*x\\s*(\\d{1,6})\\s*$", FLAGS);
  private static final Pattern FRAMES =
      Pattern.compile("^-\\s*frames\\s*:\\s*" + NUM + "\\s*$", FLAGS);
  private static final Pattern DURATION =
      Pattern.compile("^-\\s*duration\\s*:\\s*" + NUM + "\\s*ms", FLAGS);
  private static final Pattern FPS =
      Pattern.compile("^-\\s*FPS.*?:\\s*" + NUM + "\\s*/\\s*" + NUM + "\\s*/\\s*" + NUM, FLAGS);
  private static final Pattern GPU =
      Pattern.compile("^-\\s*GPU\\s+(\\d{1,4})\\s*:\\s*(.+?)\\s*(?:\\[([^\\]]+)\\])?\\s*$", FLAGS);
  private static final Pattern TEMPERATURE =
      Pattern.compile("^\\.\\s*max temperature\\s*:\\s*(\\d{1,4})", FLAGS);
  private static final Pattern USAGE =
      Pattern.compile("^\\.\\s*max usage\\s*:\\s*(\\d{1,4})\\s*%", FLAGS);
  private static final Pattern MAX_CLOCK =
      Pattern.compile("^\\.\\s*max core clock\\s*:\\s*" + NUM + "\\s*MHz", FLAGS);
  private static final Pattern MIN_CLOCK =
      Pattern.compile("^\\.\\s*min core clock\\s*:\\s*" + NUM + "\\s*MHz", FLAGS);

  private FurMarkOutputParser() {}

  /** Parses a whole output. Null lines (and a null list) are skipped; never throws. */
  public static FurMarkOutput parse(List<String> lines) {
    State st = new State();
    if (lines != null) {
      for (String line : lines) {
        try {
          if (line != null) {
            st.accept((line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line).strip());
          }
        } catch (RuntimeException e) {
          // One strange line must not cost the rest of the output.
        }
      }
    }
    try {
      return st.result();
    } catch (RuntimeException e) {
      return FurMarkOutput.empty();
    }
  }

  private static final class State {
    String demo;
    String renderer;
    String api;
    Integer width;
    Integer height;
    Integer frames;
    Long durationMs;
    Integer fpsMin;
    Integer fpsAvg;
    Integer fpsMax;
    final List<FurMarkGpu> gpus = new ArrayList<>();
    FurMarkGpu current;

    void accept(String s) {
      if (s.isEmpty()) {
        return;
      }
      Matcher m = GPU.matcher(s);
      if (m.matches()) {
        close();
        current =
            new FurMarkGpu(
                Integer.parseInt(m.group(1)),
                m.group(2).strip(),
                m.group(3) == null ? null : m.group(3).strip(),
                null,
                null,
                null,
                null);
        return;
      }
      if (s.startsWith(".")) {
        if (current != null) {
          gpuLine(s);
        }
        return;
      }
      if ((m = DEMO.matcher(s)).matches()) {
        demo = m.group(1).strip();
      } else if ((m = RENDERER.matcher(s)).matches()) {
        renderer = m.group(1).strip();
      } else if ((m = API.matcher(s)).matches()) {
        api = m.group(1).strip();
      } else if ((m = RESOLUTION.matcher(s)).matches()) {
        width = Integer.valueOf(m.group(1));
        height = Integer.valueOf(m.group(2));
      } else if ((m = FRAMES.matcher(s)).matches()) {
        frames = whole(m.group(1));
      } else if ((m = DURATION.matcher(s)).find()) {
        OptionalLong ms = LocalNumbers.integer(m.group(1));
        durationMs = ms.isPresent() ? ms.getAsLong() : null;
      } else if ((m = FPS.matcher(s)).find()) {
        fpsMin = round(m.group(1));
        fpsAvg = round(m.group(2));
        fpsMax = round(m.group(3));
      }
    }

    private void gpuLine(String s) {
      Matcher m;
      if ((m = TEMPERATURE.matcher(s)).find()) {
        current = current.withTemperature(Integer.valueOf(m.group(1)));
      } else if ((m = USAGE.matcher(s)).find()) {
        current = current.withUsage(Integer.valueOf(m.group(1)));
      } else if ((m = MAX_CLOCK.matcher(s)).find()) {
        current = current.withMaxClock(whole(m.group(1)));
      } else if ((m = MIN_CLOCK.matcher(s)).find()) {
        current = current.withMinClock(whole(m.group(1)));
      }
    }

    private void close() {
      if (current != null) {
        int index = current.index();
        gpus.removeIf(g -> g.index() == index);
        gpus.add(current);
        current = null;
      }
    }

    FurMarkOutput result() {
      close();
      return new FurMarkOutput(
          demo, renderer, api, width, height, frames, durationMs, fpsMin, fpsAvg, fpsMax, gpus);
    }

    /** A frame rate; a lone mark is a decimal ({@code 103.456} fps, not 103 456). */
    private static Integer round(String s) {
      OptionalDouble d = LocalNumbers.decimal(s);
      return d.isPresent() && d.getAsDouble() < Integer.MAX_VALUE
          ? (int) Math.round(d.getAsDouble())
          : null;
    }

    /** A count, duration or clock; a lone mark groups ({@code 60.000} ms is a minute). */
    private static Integer whole(String s) {
      OptionalLong n = LocalNumbers.integer(s);
      return n.isPresent() && n.getAsLong() <= Integer.MAX_VALUE ? (int) n.getAsLong() : null;
    }
  }
}
