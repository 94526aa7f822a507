package io.autoservice.agent.tasks.furmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FurMarkOutputParserTest {
  /** A fixture's lines, decoded as the agent decodes FurMark's windows-1252 bytes. */
  static List<String> cp1252(String name) throws Exception {
    String text =
        new String(
            Files.readAllBytes(Fixtures.toolOutput("furmark", name)),
            Charset.forName("windows-1252"));
    return Arrays.asList(text.split("\r?\n"));
  }

  @Test
  void shouldReadTheRealLinuxCaptureWithoutAGpuBlock() {
    FurMarkOutput o =
        FurMarkOutputParser.parse(
            Fixtures.lines("furmark", "linux-fm2-486-quick-stats-no-gpu-block.txt"));

    assertThat(o.demo()).isEqualTo("FurMark(GL) (built-in: YES)");
    assertThat(o.renderer()).isEqualTo("AMD CEDAR (DRM 2.50.0 / 6.3.9-retro+)");
    assertThat(o.api()).isEqualTo("OpenGL 4.5 (Core Profile) Mesa 23.2.1");
    assertThat(o.frames()).isEqualTo(118);
    assertThat(o.durationMs()).isEqualTo(358_992L);
    assertThat(List.of(o.fpsMin(), o.fpsAvg(), o.fpsMax())).containsExactly(0, 0, 2);
    assertThat(o.width()).isEqualTo(1920);
    assertThat(o.height()).isEqualTo(1080);
    assertThat(o.gpus()).isEmpty();
    assertThat(o.statsFound()).isTrue();
    assertThat(o.maxTemperatureC()).isNull();
  }

  @Test
  void shouldReadTheRunnersSampleWithItsDegreeByte() throws Exception {
    FurMarkOutput o = FurMarkOutputParser.parse(cp1252("synthetic-win-rtx3060-b0-degree.txt"));

    assertThat(o.demo()).isEqualTo("FurMark (GL) (built-in: YES)");
    assertThat(o.renderer()).isEqualTo("NVIDIA GeForce RTX 3060/PCIe/SSE2");
    assertThat(o.api()).isEqualTo("OpenGL 3.2.0 NVIDIA 572.83");
    assertThat(o.width()).isEqualTo(1920);
    assertThat(o.height()).isEqualTo(1080);
    assertThat(o.frames()).isEqualTo(322);
    assertThat(o.durationMs()).isEqualTo(3114L);
    assertThat(List.of(o.fpsMin(), o.fpsAvg(), o.fpsMax())).containsExactly(96, 103, 108);
    assertThat(o.gpus())
        .containsExactly(
            new FurMarkGpu(0, "NVIDIA GeForce RTX 3060", "10DE-2504", 52, 96, 1882, 1756));
  }

  @Test
  void shouldReadTheDocstringAsItWasCopiedFromAConsole() {
    FurMarkOutput o =
        FurMarkOutputParser.parse(
            Fixtures.lines("furmark", "synthetic-win-rtx3060-docstring-console-mangled.txt"));

    assertThat(o.fpsAvg()).isEqualTo(103);
    assertThat(o.gpus())
        .containsExactly(
            new FurMarkGpu(0, "NVIDIA GeForce RTX 3060", "10DE-2504", 52, 96, 1882, 1756));
  }

  @Test
  void shouldReadAWarmSingleGpuRun() throws Exception {
    FurMarkOutput o = FurMarkOutputParser.parse(cp1252("synthetic-win-rx6700xt-warm-92c.txt"));

    assertThat(o.durationMs()).isEqualTo(60_004L);
    assertThat(List.of(o.fpsMin(), o.fpsAvg(), o.fpsMax())).containsExactly(148, 156, 171);
    assertThat(o.gpus())
        .containsExactly(
            new FurMarkGpu(0, "AMD Radeon RX 6700 XT", "1002-73DF", 92, 99, 2581, 2350));
  }

  @Test
  void shouldReadEveryGpuBlock() throws Exception {
    FurMarkOutput o = FurMarkOutputParser.parse(cp1252("synthetic-win-two-gpus-hot-97c.txt"));

    assertThat(o.width()).isEqualTo(1280);
    assertThat(o.height()).isEqualTo(720);
    assertThat(o.gpus())
        .extracting(FurMarkGpu::index, FurMarkGpu::maxTemperatureC, FurMarkGpu::minCoreClockMhz)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 84, 1607),
            org.assertj.core.groups.Tuple.tuple(1, 97, 1392));
    assertThat(o.maxTemperatureC()).isEqualTo(97);
  }

  @Test
  void shouldFindNoResultsInStartUpLinesOrAnError() throws Exception {
    assertThat(FurMarkOutputParser.parse(cp1252("synthetic-win-no-stats-exit0.txt")).statsFound())
        .isFalse();
    FurMarkOutput err =
        FurMarkOutputParser.parse(cp1252("synthetic-win-error-no-opengl-exit1.txt"));
    assertThat(err.statsFound()).isFalse();
    assertThat(err.renderer()).isNull();
    assertThat(err.gpus()).isEmpty();
  }

  @Test
  void shouldReadTheTemperatureWhateverBecameOfTheDegreeSign() {
    for (String unit : List.of("°C", "░C", "\uFFFDC", "Â°C", " C", "C", "")) {
      FurMarkOutput o =
          FurMarkOutputParser.parse(List.of("- GPU 0: X [1-2]", "  .max temperature: 71" + unit));
      assertThat(o.gpus().get(0).maxTemperatureC()).as(unit).isEqualTo(71);
    }
  }

  @Test
  void shouldKeepAGpuWithoutIdAndTheLastBlockOfEachIndex() {
    FurMarkOutput o =
        FurMarkOutputParser.parse(
            List.of(
                ".max temperature: 99°C", // no GPU above it: ignored
                "- GPU 0: Intel(R) UHD Graphics 770",
                "- GPU 1: NVIDIA GeForce RTX 4070 [10DE-2786]",
                "- GPU 0: Intel(R) UHD Graphics 770",
                "   .max temperature: 48°C",
                "- FPS (min/avg/max)    : 59.6 / 60.2 / 61"));

    assertThat(o.gpus()).extracting(FurMarkGpu::index).containsExactly(1, 0);
    assertThat(o.gpus().get(1))
        .isEqualTo(new FurMarkGpu(0, "Intel(R) UHD Graphics 770", null, 48, null, null, null));
    assertThat(List.of(o.fpsMin(), o.fpsAvg(), o.fpsMax())).containsExactly(60, 60, 61);
  }

  @Test
  void shouldNeverThrow() {
    List<String> odd = new ArrayList<>();
    odd.add(null);
    odd.add("- frames : 99999999999999999999");
    odd.add("- resolution : 1920x");
    odd.add("- GPU 99999: ");
    odd.add(".max usage: %");
    odd.add("x".repeat(100_000));
    odd.add("- duration : 999999999999999 ms");
    assertThat(FurMarkOutputParser.parse(null).statsFound()).isFalse();
    assertThat(FurMarkOutputParser.parse(List.of()).gpus()).isEmpty();
    FurMarkOutput o = FurMarkOutputParser.parse(odd);
    assertThat(o.frames()).isNull();
    assertThat(o.durationMs()).isEqualTo(999_999_999_999_999L);
  }

  @Test
  void shouldReadNumbersGroupedAsTheDisplayLanguageWritesThem() {
    FurMarkOutput o =
        FurMarkOutputParser.parse(
            List.of(
                "- frames               : 12\u00A0345",
                "- duration             : 60.000 ms",
                "- FPS (min/avg/max)    : 96,4 / 103,5 / 1 108",
                "- GPU 0: NVIDIA GeForce RTX 3060 [10DE-2504]",
                "      .max core clock: 1.882 MHz"));
    assertThat(o.frames()).isEqualTo(12_345);
    assertThat(o.durationMs()).isEqualTo(60_000L);
    assertThat(o.fpsMin()).isEqualTo(96);
    assertThat(o.fpsAvg()).isEqualTo(104);
    assertThat(o.fpsMax()).isEqualTo(1_108);
    assertThat(o.gpus().get(0).maxCoreClockMhz()).isEqualTo(1_882);
  }
}
