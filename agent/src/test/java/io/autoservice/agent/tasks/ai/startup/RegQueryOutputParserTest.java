package io.autoservice.agent.tasks.ai.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.tasks.ai.startup.RegQueryOutputParser.RegValue;
import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** On reconstructed {@code reg query} outputs (fixtures/tool-outputs/reg/README.md). */
class RegQueryOutputParserTest {
  private static List<String> lines(String name) {
    return Fixtures.lines("reg", name);
  }

  @Test
  void shouldReadTheValuesOfTheUsersRunKey() {
    List<RegValue> v = RegQueryOutputParser.values(lines("synthetic-en-query-hkcu-run.txt"));

    assertThat(v)
        .extracting(RegValue::name)
        .containsExactly("OneDrive", "Discord", "Spotify", "Steam", "EmptyEntry");
    assertThat(v.get(1))
        .isEqualTo(
            new RegValue(
                "Discord",
                "REG_SZ",
                "\"C:\\Users\\Anna\\AppData\\Local\\Discord\\Update.exe\" --processStart Discord.exe"));
    assertThat(v.get(4)).isEqualTo(new RegValue("EmptyEntry", "REG_SZ", ""));
  }

  @Test
  void shouldKeepSpacesInNamesAndExpandableTypes() {
    List<RegValue> v = RegQueryOutputParser.values(lines("synthetic-en-query-hklm-run.txt"));

    assertThat(v)
        .extracting(RegValue::name)
        .containsExactly("SecurityHealth", "RtkAudUService", "UpdHelper", "Acme Tray Helper");
    assertThat(v.get(0).type()).isEqualTo("REG_EXPAND_SZ");
    assertThat(v.get(0).data()).isEqualTo("%windir%\\system32\\SecurityHealthSystray.exe");
  }

  @Test
  void shouldIgnoreSubkeys() {
    List<RegValue> v =
        RegQueryOutputParser.values(lines("synthetic-en-query-hklm-runonce-with-subkey.txt"));

    assertThat(v).extracting(RegValue::name).containsExactly("Delete Cached Update Binary");
  }

  @Test
  void shouldReadStartupApprovedFlags() {
    List<RegValue> v =
        RegQueryOutputParser.values(lines("synthetic-en-query-approved-hkcu-run.txt"));

    assertThat(v)
        .extracting(RegValue::data)
        .containsExactly("020000000000000000000000", "0300000066A1F5E2B3C0DA01");
    assertThat(RegQueryOutputParser.approvedEnabled(v.get(0).data())).contains(true);
    assertThat(RegQueryOutputParser.approvedEnabled(v.get(1).data())).contains(false);
    assertThat(RegQueryOutputParser.approvedEnabled("060000000000000000000000")).contains(true);
    assertThat(RegQueryOutputParser.approvedEnabled("07")).contains(false);
    assertThat(RegQueryOutputParser.approvedEnabled("zz")).isEmpty();
    assertThat(RegQueryOutputParser.approvedEnabled(null)).isEqualTo(Optional.empty());
  }

  @Test
  void shouldReadAGermanOutputInTheOemCodePage() throws Exception {
    byte[] raw =
        Files.readAllBytes(Fixtures.toolOutput("reg", "synthetic-de-query-hkcu-run-cp850.txt"));
    List<String> lines = Arrays.asList(new String(raw, Charset.forName("IBM850")).split("\r\n"));

    List<RegValue> v = RegQueryOutputParser.values(lines);

    assertThat(v).extracting(RegValue::name).containsExactly("Müller Druckerhelfer", "(Standard)");
    assertThat(v.get(1).data()).isEqualTo("C:\\Tools\\grüße.exe");
  }

  @Test
  void shouldFindNothingInAnErrorOrNoOutput() {
    assertThat(RegQueryOutputParser.values(lines("synthetic-en-query-key-not-found.stderr.txt")))
        .isEmpty();
    assertThat(RegQueryOutputParser.values(List.of())).isEmpty();
    assertThat(RegQueryOutputParser.values(null)).isEmpty();
    assertThat(RegQueryOutputParser.values(Arrays.asList("    x", null, "garbage    REG_SZ")))
        .isEmpty();
  }

  @Test
  void shouldFindTheProgramACommandStarts() {
    String root = "C:\\Windows";
    assertThat(RegQueryOutputParser.executable("\"C:\\A B\\x.exe\" --y", root))
        .isEqualTo("C:\\A B\\x.exe");
    assertThat(
            RegQueryOutputParser.executable(
                "C:\\Program Files\\Acme\\Tray Helper\\acmetray.exe /min", root))
        .isEqualTo("C:\\Program Files\\Acme\\Tray Helper\\acmetray.exe");
    assertThat(
            RegQueryOutputParser.executable("%windir%\\system32\\SecurityHealthSystray.exe", root))
        .isEqualTo("C:\\Windows\\system32\\SecurityHealthSystray.exe");
    assertThat(RegQueryOutputParser.executable("rundll32 shell32.dll,Control_RunDLL", root))
        .isEqualTo("rundll32");
    assertThat(RegQueryOutputParser.executable("  ", root)).isNull();
  }

  @Test
  void shouldTellWindowsComponentsFromProgramsRunByThem() {
    String root = "C:\\Windows";
    assertThat(
            WindowsComponents.isWindowsComponent(
                "%windir%\\system32\\SecurityHealthSystray.exe",
                "C:\\Windows\\system32\\SecurityHealthSystray.exe", root))
        .isTrue();
    String adware =
        "C:\\Windows\\System32\\rundll32.exe \"C:\\Users\\Public\\Libraries\\updhelp.dll\",Start";
    assertThat(
            WindowsComponents.isWindowsComponent(
                adware, "C:\\Windows\\System32\\rundll32.exe", root))
        .isFalse();
    String script = "C:\\Windows\\System32\\wscript.exe %APPDATA%\\x.vbs";
    assertThat(
            WindowsComponents.isWindowsComponent(
                script, "C:\\Windows\\System32\\wscript.exe", root))
        .isFalse();
    String own = "C:\\Windows\\System32\\rundll32.exe C:\\Windows\\System32\\shell32.dll,Run";
    assertThat(
            WindowsComponents.isWindowsComponent(own, "C:\\Windows\\System32\\rundll32.exe", root))
        .isTrue();
    assertThat(WindowsComponents.isWindowsComponent("x", "C:\\WindowsApps\\x.exe", root)).isFalse();
    assertThat(WindowsComponents.isWindowsComponent("x", "C:\\Program Files\\x.exe", root))
        .isFalse();
  }
}
