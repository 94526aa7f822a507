package io.autoservice.agent.tasks.ai.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.autoservice.agent.tasks.ai.ChangeResult;
import io.autoservice.agent.tasks.ai.Listing;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows inventory with reg.exe replaced by the replaying fake tool (cases in
 * fixtures/replays/ai_startup_disable/) and Startup folders in a temporary tree.
 */
class WindowsStartupInventoryTest {
  static final String APPROVED =
      "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\";

  @TempDir Path tmp;
  private Path userStartup;
  private Path commonStartup;

  @BeforeEach
  void tree() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the fake reg is a shell script");
    userStartup =
        Files.createDirectories(
            tmp.resolve("appdata/Microsoft/Windows/Start Menu/Programs/Startup"));
    commonStartup =
        Files.createDirectories(
            tmp.resolve("programdata/Microsoft/Windows/Start Menu/Programs/StartUp"));
    Files.writeString(userStartup.resolve("Slack.lnk"), "lnk");
    Files.writeString(userStartup.resolve("Send to OneNote.lnk"), "lnk");
    Files.writeString(userStartup.resolve("desktop.ini"), "[.ShellClassInfo]");
    Files.writeString(commonStartup.resolve("Zoom.lnk"), "lnk");
  }

  private FakeTaskContext ctx(String replayCase) {
    return new FakeTaskContext(
            Json.object(),
            new AiStartupDisableHandler().descriptor().params(),
            new ToolLocator(Map.of("PATH", ""), false))
        .withEnv(
            Map.of(
                "FAKE_REPLAY_DIR",
                Fixtures.root()
                    .resolve("replays/ai_startup_disable")
                    .resolve(replayCase)
                    .toString(),
                "FAKE_REPLAY_LOG",
                tmp.resolve("reg.log").toString()));
  }

  private WindowsStartupInventory inventory() {
    return new WindowsStartupInventory(
        Fixtures.replayTool(),
        Map.of(
            "APPDATA", tmp.resolve("appdata").toString(),
            "PROGRAMDATA", tmp.resolve("programdata").toString(),
            "SystemRoot", "C:\\Windows"));
  }

  private static StartupItem named(Listing<StartupItem> l, String name) {
    return l.items().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  private List<String> regCalls() throws Exception {
    return Files.readAllLines(tmp.resolve("reg.log"));
  }

  @Test
  void shouldListRunKeysAndStartupFoldersWithTheirState() throws Exception {
    Listing<StartupItem> l = inventory().list(ctx("pc"));

    assertThat(l.items())
        .extracting(StartupItem::name)
        .containsExactly(
            "SecurityHealth",
            "RtkAudUService",
            "UpdHelper",
            "Acme Tray Helper",
            "Delete Cached Update Binary",
            "OneDrive",
            "Discord",
            "Spotify",
            "Steam",
            "EmptyEntry",
            "Adobe Reader Speed Launcher",
            "SunJavaUpdateSched",
            "Send to OneNote",
            "Slack",
            "Zoom");
    assertThat(l.notes()).isEmpty();
    assertThat(regCalls()).hasSize(10).allMatch(c -> c.startsWith("query HK"));

    StartupItem discord = named(l, "Discord");
    assertThat(discord.id())
        .isEqualTo(
            "reg:HKEY_CURRENT_USER:Software\\Microsoft\\Windows\\CurrentVersion\\Run:Discord");
    assertThat(discord.locationDisplay()).isEqualTo("Registry: CURRENT_USER");
    assertThat(discord.executablePath())
        .isEqualTo("C:\\Users\\Anna\\AppData\\Local\\Discord\\Update.exe");
    assertThat(discord.enabled()).isTrue();
    assertThat(discord.microsoft()).isFalse();
    assertThat(named(l, "Spotify").enabled()).isFalse();
    assertThat(named(l, "OneDrive").approvedData()).isEqualTo("020000000000000000000000");
    assertThat(named(l, "SecurityHealth").microsoft()).isTrue();
    assertThat(named(l, "SecurityHealth").toJson().get("publisher").asText())
        .isEqualTo("Microsoft");
    assertThat(named(l, "UpdHelper").microsoft())
        .as("a DLL from C:\\Users run by rundll32")
        .isFalse();
    assertThat(named(l, "Acme Tray Helper").executablePath())
        .isEqualTo("C:\\Program Files\\Acme\\Tray Helper\\acmetray.exe");
    assertThat(named(l, "Delete Cached Update Binary").approvedKey()).isNull();
    assertThat(named(l, "Adobe Reader Speed Launcher").approvedKey())
        .isEqualTo(
            "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run32");
    assertThat(named(l, "EmptyEntry").executablePath()).isNull();

    StartupItem slack = named(l, "Slack");
    assertThat(slack.id()).isEqualTo("file:user_startup:" + userStartup.resolve("Slack.lnk"));
    assertThat(slack.command()).isEqualTo("Shortcut: Slack");
    assertThat(slack.locationDisplay()).isEqualTo("Startup Folder: User Startup");
    assertThat(named(l, "Send to OneNote").enabled()).isFalse();
    assertThat(named(l, "Zoom").location()).isEqualTo("common_startup");
  }

  @Test
  void shouldSwitchARunValueOffInStartupApprovedAndGiveTheUndoCommand() throws Exception {
    WindowsStartupInventory inv = inventory();
    FakeTaskContext ctx = ctx("pc");
    Listing<StartupItem> l = inv.list(ctx);

    ChangeResult discord = inv.disable(named(l, "Discord"), ctx);
    ChangeResult oneDrive = inv.disable(named(l, "OneDrive"), ctx);
    ChangeResult adobe = inv.disable(named(l, "Adobe Reader Speed Launcher"), ctx);

    assertThat(discord.kind()).isEqualTo(ChangeResult.Kind.DISABLED);
    List<String> adds = regCalls().stream().filter(c -> c.startsWith("add ")).toList();
    assertThat(adds.get(0))
        .matches(
            "add "
                + java.util.regex.Pattern.quote(APPROVED + "Run")
                + " /v Discord /t REG_BINARY /d 03000000[0-9A-F]{16} /f");
    assertThat(adds.get(2))
        .startsWith(
            "add HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run32"
                + " /v Adobe Reader Speed Launcher /t REG_BINARY");
    assertThat(discord.facts().get("restore").asText())
        .isEqualTo("reg delete \"" + APPROVED + "Run\" /v \"Discord\" /f");
    assertThat(oneDrive.facts().get("restore").asText())
        .isEqualTo(
            "reg add \""
                + APPROVED
                + "Run\" /v \"OneDrive\" /t REG_BINARY /d 020000000000000000000000 /f");
    assertThat(oneDrive.facts().get("previous_value").asText())
        .isEqualTo("020000000000000000000000");
    assertThat(adobe.kind()).isEqualTo(ChangeResult.Kind.DISABLED);
  }

  @Test
  void shouldSkipWhatHasNoSwitchOrIsAlreadyOff() throws Exception {
    WindowsStartupInventory inv = inventory();
    FakeTaskContext ctx = ctx("pc");
    Listing<StartupItem> l = inv.list(ctx);

    ChangeResult runOnce = inv.disable(named(l, "Delete Cached Update Binary"), ctx);
    ChangeResult spotify = inv.disable(named(l, "Spotify"), ctx);

    assertThat(runOnce.kind()).isEqualTo(ChangeResult.Kind.SKIPPED);
    assertThat(runOnce.detail()).startsWith("RunOnce entries run once at the next sign-in");
    assertThat(spotify.kind()).isEqualTo(ChangeResult.Kind.SKIPPED);
    assertThat(spotify.detail()).isEqualTo("already disabled");
    assertThat(regCalls()).noneMatch(c -> c.startsWith("add "));
  }

  @Test
  void shouldMoveAStartupFileAsideNotDeleteIt() throws Exception {
    WindowsStartupInventory inv = inventory();
    FakeTaskContext ctx = ctx("pc");
    Listing<StartupItem> l = inv.list(ctx);
    Files.createDirectories(userStartup.resolve("DisabledStartup"));
    Files.writeString(userStartup.resolve("DisabledStartup/Slack.lnk"), "an older one");

    ChangeResult r = inv.disable(named(l, "Slack"), ctx);

    Path moved = userStartup.resolve("DisabledStartup/Slack (2).lnk");
    assertThat(r.kind()).isEqualTo(ChangeResult.Kind.DISABLED);
    assertThat(userStartup.resolve("Slack.lnk")).doesNotExist();
    assertThat(moved).hasContent("lnk");
    assertThat(r.facts().get("restore").asText())
        .isEqualTo("move \"" + moved + "\" \"" + userStartup.resolve("Slack.lnk") + "\"");
    assertThat(inv.disable(named(l, "Slack"), ctx).detail())
        .startsWith("the file is no longer there");
  }

  @Test
  void shouldReportWhatRegSaidWhenItRefuses() throws Exception {
    WindowsStartupInventory inv = inventory();
    FakeTaskContext ctx = ctx("add-denied");

    ChangeResult r = inv.disable(named(inv.list(ctx), "Discord"), ctx);

    assertThat(r.kind()).isEqualTo(ChangeResult.Kind.FAILED);
    assertThat(r.detail()).isEqualTo("reg add failed (exit 1): ERROR: Access is denied.");
  }

  @Test
  void shouldWriteTheDisableTimeAsTaskManagerDoes() {
    assertThat(WindowsStartupInventory.fileTimeHex(java.time.Instant.parse("2024-01-01T00:00:00Z")))
        .isEqualTo("00C08976453CDA01");
  }
}
