package io.autoservice.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.sun.jna.Platform;
import io.autoservice.agent.service.FakeScm;
import io.autoservice.agent.service.ScmException;
import io.autoservice.agent.service.ServiceControlManager;
import io.autoservice.agent.service.ServiceDefinition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class ServiceCommandTest {
  @TempDir Path tmp;
  private final FakeScm scm = new FakeScm();

  private record Ran(int exit, String out, String err) {}

  private static Ran run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Ran(exit, out.toString(), err.toString());
  }

  private Ran withFake(String... args) {
    CommandLine cl =
        new CommandLine(new ServiceCommand(() -> Optional.<ServiceControlManager>of(scm)));
    cl.setParameterExceptionHandler(AgentMain::usageError);
    return run(cl, args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"install --controller c.lan:7443", "uninstall", "start", "stop"})
  void onLinuxEveryVerbSaysItIsWindowsOnlyAndPointsAtSystemd(String verb) {
    assumeFalse(Platform.isWindows(), "the Windows-only message is for other systems");

    Ran r = run(AgentMain.commandLine(), ("service " + verb).split(" "));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains("for Windows only")
        .contains("systemd")
        .contains("deploy/linux/install-agent.sh");
  }

  @Test
  void installRegistersServiceRunWithTheControllerAndDataFolderAndWarnsWhenNotEnrolled() {
    Ran r =
        withFake("install", "--controller", "controller.shop.lan:7443", "--data", tmp.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    ServiceDefinition s = scm.services.get("AutoServiceAgent").definition;
    assertThat(s.account()).isEqualTo("LocalSystem");
    assertThat(s.commandLine())
        .contains("java.exe")
        .contains(" -Xrs ")
        .endsWith(
            " io.autoservice.agent.cli.AgentMain service run --name AutoServiceAgent --controller"
                + " controller.shop.lan:7443 --data "
                + tmp);
    assertThat(r.out()).contains("Installed service AutoServiceAgent");
    assertThat(r.err()).contains("holds no certificate yet").contains("agent enroll");
  }

  @Test
  void withoutElevationItSaysRunAsAdministrator() {
    scm.failWith = ScmException.ERROR_ACCESS_DENIED;

    Ran r = withFake("install", "--controller", "c.lan:7443", "--data", tmp.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("Win32 error 5").contains("run it as Administrator");
  }

  @Test
  void aControllerWithoutAPortIsAUsageError() {
    Ran r = withFake("install", "--controller", "controller.shop.lan");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("HOST:PORT");
    assertThat(scm.services).isEmpty();
  }

  @Test
  void installPassesSeveralControllerReplicasToTheService() {
    Ran r =
        withFake("install", "--controller", "a.shop.lan:7443,b.shop.lan:7443", "--data", "" + tmp);

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(scm.services.get("AutoServiceAgent").definition.commandLine())
        .contains(" --controller a.shop.lan:7443,b.shop.lan:7443 --data ");
  }

  @Test
  void aBadEntryInTheControllerListIsAUsageErrorNamingIt() {
    Ran r = withFake("install", "--controller", "a.shop.lan:7443,b.shop.lan");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--controller: \"b.shop.lan\"").contains("HOST:PORT");
    assertThat(scm.services).isEmpty();
  }
}
