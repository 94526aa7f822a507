package io.autoservice.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceInstallerTest {
  private final FakeScm scm = new FakeScm();
  private final List<String> said = new ArrayList<>();
  private final List<Duration> slept = new ArrayList<>();
  private final ServiceInstaller installer =
      new ServiceInstaller(scm, slept::add, Duration.ofSeconds(10), said::add);

  private static ServiceDefinition agentService() {
    return new ServiceDefinition(
        "AutoServiceAgent",
        "AutoService Fleet agent",
        "Runs maintenance tasks for controller.shop.lan:7443",
        "\"C:\\Program Files\\AutoService Agent\\runtime\\bin\\java.exe\" -cp agent.jar x",
        ServiceDefinition.LOCAL_SYSTEM,
        true,
        ServiceDefinition.FailureActions.standard());
  }

  @Test
  void installRegistersLocalSystemAutomaticStartDescriptionAndThreeRestarts() throws Exception {
    installer.install(agentService());

    FakeScm.Entry e = scm.services.get("AutoServiceAgent");
    assertThat(e.definition.account()).isEqualTo("LocalSystem");
    assertThat(e.definition.automaticStart()).isTrue();
    assertThat(e.definition.commandLine()).startsWith("\"C:\\Program Files\\AutoService Agent\\");
    assertThat(e.description).isEqualTo("Runs maintenance tasks for controller.shop.lan:7443");
    assertThat(e.failureActions.restartDelays())
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));
    assertThat(e.failureActions.resetPeriod()).isEqualTo(Duration.ofDays(1));
    assertThat(said).singleElement().asString().contains("Installed service AutoServiceAgent");
  }

  @Test
  void installingTwiceSaysItIsAlreadyInstalledAndLeavesTheServiceAlone() throws Exception {
    installer.install(agentService());

    assertThatThrownBy(() -> installer.install(agentService()))
        .isInstanceOf(ServiceInstaller.InstallException.class)
        .hasMessageContaining("AutoServiceAgent is already installed (STOPPED)")
        .hasMessageContaining("agent service uninstall");
    assertThat(scm.calls).containsExactly("create(AutoServiceAgent)");
  }

  @Test
  void uninstallingARunningServiceStopsItAndWaitsForStoppedBeforeDeleting() throws Exception {
    installer.install(agentService());
    scm.services.get("AutoServiceAgent").state = ServiceState.RUNNING;

    installer.uninstall("AutoServiceAgent");

    assertThat(scm.calls)
        .containsExactly(
            "create(AutoServiceAgent)",
            "stop(AutoServiceAgent)",
            "delete(AutoServiceAgent) while STOPPED");
    assertThat(slept).as("polled while STOP_PENDING").hasSizeGreaterThanOrEqualTo(2);
    assertThat(said)
        .contains("Service AutoServiceAgent stopped", "Removed service AutoServiceAgent");
    assertThat(scm.services).isEmpty();
  }

  @Test
  void aServiceThatNeverStopsIsNotDeletedAndTheTechnicianIsTold() throws Exception {
    installer.install(agentService());
    scm.services.get("AutoServiceAgent").state = ServiceState.RUNNING;
    scm.pendingFor = Integer.MAX_VALUE;

    assertThatThrownBy(() -> installer.uninstall("AutoServiceAgent"))
        .hasMessageContaining("did not stop within 10 s (STOP_PENDING)");
    assertThat(scm.services).containsKey("AutoServiceAgent");
  }

  @Test
  void startWaitsUntilRunning() throws Exception {
    installer.install(agentService());

    installer.start("AutoServiceAgent");

    assertThat(scm.services.get("AutoServiceAgent").state).isEqualTo(ServiceState.RUNNING);
    assertThat(said).contains("Service AutoServiceAgent is running");
  }

  @Test
  void aServiceThatFailsAtStartIsReportedWithWhereToLook() throws Exception {
    installer.install(agentService());
    scm.startsTo = ServiceState.STOPPED;

    assertThatThrownBy(() -> installer.start("AutoServiceAgent"))
        .hasMessageContaining("did not start (STOPPED")
        .hasMessageContaining("service log");
  }

  @Test
  void withoutElevationItSaysRunAsAdministratorWithTheWin32Error() {
    scm.failWith = ScmException.ERROR_ACCESS_DENIED;

    assertThatThrownBy(() -> installer.install(agentService()))
        .hasMessageContaining("Win32 error 5")
        .hasMessageContaining("run it as Administrator");
  }

  @Test
  void verbsOnAServiceNotInstalledSaySo() {
    assertThatThrownBy(() -> installer.uninstall("AutoServiceAgent"))
        .hasMessage("Service AutoServiceAgent is not installed");
    assertThatThrownBy(() -> installer.stop("AutoServiceAgent"))
        .hasMessage("Service AutoServiceAgent is not installed");
  }
}
