package io.autoservice.agent.tasks.winupdate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WindowsUpdateScriptTest {
  @Test
  void shouldFillTheSwitchesWithPowershellBooleans() {
    String script = WindowsUpdateScript.render(true, false, true);

    assertThat(script)
        .containsPattern("\\$ParamMicrosoftUpdate = \\$true\\r?\\n")
        .containsPattern("\\$ParamAcceptAll = \\$false\\r?\\n")
        .containsPattern("\\$ParamIgnoreReboot = \\$true\\r?\\n");
    assertThat(script).doesNotContain("@@");
  }

  @Test
  void shouldPrintTheMarkersAndProgressTheParserReads() {
    String script = WindowsUpdateScript.render(true, true, true);

    assertThat(script)
        .contains(
            "'" + WindowsUpdateScript.JSON_BEGIN + "'", "'" + WindowsUpdateScript.JSON_END + "'");
    assertThat(script)
        .contains(
            "'[WU] '",
            "Send-Progress 'pre-scan' 10",
            "Send-Progress 'post-scan' 90",
            "Send-Progress 'done' 100");
    assertThat(script)
        .contains("[Console]::Out.WriteLine")
        .doesNotContainPattern("(?m)^[^#]*Write-Host");
    assertThat(script).contains("ConvertTo-Json -Depth 8 -Compress");
  }

  @Test
  void shouldRunThePswindowsupdateStepsOfTheSpec() {
    String script = WindowsUpdateScript.render(true, true, true);

    assertThat(script)
        .contains(
            "Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201",
            "Set-PSRepository -Name PSGallery -InstallationPolicy Trusted",
            "Install-Module -Name PSWindowsUpdate -Force -Scope AllUsers -AllowClobber",
            "-Scope CurrentUser",
            "Import-Module PSWindowsUpdate",
            "Add-WUServiceManager -MicrosoftUpdate -Confirm:$false",
            "-AcceptAll:$ParamAcceptAll -IgnoreReboot -Confirm:$false",
            "ignore_reboot is false, but the agent never restarts the PC during a run",
            "Get-WURebootStatus -Silent",
            "WindowsUpdate\\Auto Update\\RebootRequired",
            "PendingFileRenameOperations",
            "Tls12");
  }

  @Test
  void shouldBeAsciiAndWrittenWithABomAndCrlf() {
    String script = WindowsUpdateScript.render(false, false, false);
    byte[] bytes = WindowsUpdateScript.fileBytes(script);

    assertThat(script.chars().allMatch(c -> c < 128)).isTrue();
    assertThat(bytes[0] & 0xFF).isEqualTo(0xEF);
    assertThat(bytes[1] & 0xFF).isEqualTo(0xBB);
    assertThat(bytes[2] & 0xFF).isEqualTo(0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text).contains("\r\n").doesNotContain("\r\r").doesNotContainPattern("[^\r]\n");
  }
}
