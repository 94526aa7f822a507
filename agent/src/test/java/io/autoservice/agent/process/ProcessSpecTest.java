package io.autoservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests the value types: {@link ProcessSpec}, {@link ProcessResult}, charsets, OEM code pages. */
class ProcessSpecTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void ofUsesTheDefaults() {
    ProcessSpec spec = ProcessSpec.of(List.of("tool", "arg"), MINUTE);
    assertThat(spec.workingDir()).isNull();
    assertThat(spec.stdin()).isNull();
    assertThat(spec.extraEnv()).isEmpty();
    assertThat(spec.charset()).isEqualTo(ToolCharset.auto(Charset.forName("windows-1252")));
  }

  @Test
  void rejectsInvalidSpecs() {
    assertThatThrownBy(() -> ProcessSpec.of(List.of(), MINUTE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessSpec.of(List.of(" "), MINUTE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessSpec.of(List.of("x"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessSpec.of(List.of("x"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessSpec.of(List.of("x"), MINUTE).withCharset(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void isImmutable() {
    List<String> command = new ArrayList<>(List.of("tool"));
    byte[] input = {1, 2};
    ProcessSpec spec = ProcessSpec.of(command, MINUTE).withStdin(input);
    command.add("more");
    input[0] = 9;
    spec.stdin()[1] = 9;

    assertThat(spec.command()).containsExactly("tool");
    assertThat(spec.stdin()).containsExactly(1, 2);
  }

  @Test
  void withersReplaceOneComponentAndEqualityComparesStdinByContent() {
    ProcessSpec base = ProcessSpec.of(List.of("tool"), MINUTE);
    ProcessSpec spec =
        base.withWorkingDir(Path.of("/tmp"))
            .withStdin(new byte[] {'y'})
            .withCharset(ToolCharset.utf16le())
            .withEnv(Map.of("A", "1"))
            .withTimeout(Duration.ofSeconds(5));

    assertThat(spec.workingDir()).isEqualTo(Path.of("/tmp"));
    assertThat(spec.charset()).isEqualTo(ToolCharset.utf16le());
    assertThat(spec.extraEnv()).containsEntry("A", "1");
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(spec).isEqualTo(spec.withStdin(new byte[] {'y'})).isNotEqualTo(base);
    assertThat(spec.toString()).contains("1 bytes").doesNotContain("A=1");
  }

  @Test
  void resultJoinsLines() {
    ProcessResult both =
        new ProcessResult(0, List.of("a", "b"), List.of("e"), Duration.ZERO, false, false, false);
    ProcessResult errOnly =
        new ProcessResult(1, List.of(), List.of("e"), Duration.ZERO, false, false, false);
    assertThat(both.stdout()).isEqualTo("a\nb");
    assertThat(both.combined()).isEqualTo("a\nb\ne");
    assertThat(errOnly.combined()).isEqualTo("e");
    assertThat(errOnly.stdout()).isEmpty();
  }

  @Test
  void autoNeedsAnAsciiCompatibleFallback() {
    assertThatThrownBy(() -> ToolCharset.auto(StandardCharsets.UTF_16LE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ToolCharset.auto(Charset.forName("IBM850"))).isNotNull();
  }

  @Test
  void oemOverrideAcceptsSeveralSpellings() {
    Charset ibm850 = Charset.forName("IBM850");
    for (String value : List.of("850", "cp850", "IBM850", "ibm-850", " CP850 ")) {
      assertThat(OemCodePage.resolve(value, "Linux", "UTF-8")).as(value).isEqualTo(ibm850);
    }
    assertThat(OemCodePage.resolve("65001", "Windows 11", "Cp1252"))
        .isEqualTo(StandardCharsets.UTF_8);
    assertThat(OemCodePage.resolve("737", "Linux", null)).isEqualTo(Charset.forName("x-IBM737"));
  }

  @Test
  void unusableOverrideIsIgnored() {
    assertThat(OemCodePage.resolve("nonsense", "Windows 10", "Cp1252"))
        .isEqualTo(Charset.forName("IBM850"));
    assertThat(OemCodePage.resolve("", "Linux", "UTF-8")).isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void windowsDerivesTheOemPageFromTheAnsiPage() {
    assertThat(OemCodePage.resolve(null, "Windows 11", "Cp1252")).isEqualTo(cs("IBM850"));
    assertThat(OemCodePage.resolve(null, "Windows 11", "Cp1251")).isEqualTo(cs("IBM866"));
    assertThat(OemCodePage.resolve(null, "Windows 11", null)).isEqualTo(cs("IBM850"));
    assertThat(OemCodePage.resolve(null, "Linux", "ISO-8859-1")).isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void ansiToOemPairs() {
    assertThat(oemFor("windows-1250")).isEqualTo(cs("IBM852"));
    assertThat(oemFor("windows-1253")).isEqualTo(cs("IBM737"));
    assertThat(oemFor("windows-1254")).isEqualTo(cs("IBM857"));
    assertThat(oemFor("windows-1255")).isEqualTo(cs("IBM862"));
    assertThat(oemFor("windows-1256")).isEqualTo(cs("IBM864"));
    assertThat(oemFor("windows-1257")).isEqualTo(cs("IBM775"));
    assertThat(oemFor("windows-1258")).isEqualTo(cs("windows-1258"));
    assertThat(oemFor("windows-31j")).isEqualTo(cs("windows-31j"));
    assertThat(oemFor("ISO-8859-1")).isEqualTo(cs("IBM437"));
  }

  private static Charset oemFor(String ansi) {
    return OemCodePage.forAnsi(cs(ansi));
  }

  private static Charset cs(String name) {
    return Charset.forName(name);
  }
}
