package io.autoservice.agent.tasks.furmark;

import java.util.List;

/**
 * What {@link FurMarkOutputParser} found in FurMark's console output (its {@code [ Demo Quick Stats
 * ]} block). A boxed field is null when FurMark did not print it.
 *
 * @param demo the demo's name as printed, e.g. {@code FurMark (GL) (built-in: YES)}
 * @param renderer the OpenGL/Vulkan renderer string
 * @param api the 3D API line, e.g. {@code OpenGL 3.2.0 NVIDIA 572.83}
 * @param width the rendered width in pixels
 * @param height the rendered height in pixels
 * @param frames frames rendered
 * @param durationMs how long the demo ran, in ms
 * @param fpsMin the lowest frame rate
 * @param fpsAvg the average frame rate
 * @param fpsMax the highest frame rate
 * @param gpus the GPU blocks, in output order
 */
public record FurMarkOutput(
    String demo,
    String renderer,
    String api,
    Integer width,
    Integer height,
    Integer frames,
    Long durationMs,
    Integer fpsMin,
    Integer fpsAvg,
    Integer fpsMax,
    List<FurMarkGpu> gpus) {

  public FurMarkOutput {
    gpus = gpus == null ? List.of() : List.copyOf(gpus);
  }

  static FurMarkOutput empty() {
    return new FurMarkOutput(null, null, null, null, null, null, null, null, null, null, List.of());
  }

  /** Whether FurMark printed any result of the run (frames, duration or frame rates). */
  public boolean statsFound() {
    return frames != null || durationMs != null || fpsAvg != null;
  }

  /** The highest temperature over all GPUs, or null if none was reported. */
  public Integer maxTemperatureC() {
    Integer max = null;
    for (FurMarkGpu g : gpus) {
      if (g.maxTemperatureC() != null && (max == null || g.maxTemperatureC() > max)) {
        max = g.maxTemperatureC();
      }
    }
    return max;
  }
}
