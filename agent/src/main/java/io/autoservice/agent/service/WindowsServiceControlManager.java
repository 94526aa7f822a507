package io.autoservice.agent.service;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real service control manager, through Advapi32 (JNA). Only ever loaded on Windows ({@link
 * ServiceControlManagers#forThisOs}), so Linux never looks for a native library. Not run by the
 * project's tests (no Windows here): {@link ServiceControlManager} fakes stand in for it.
 */
final class WindowsServiceControlManager implements ServiceControlManager {
  private static final Logger log = LoggerFactory.getLogger(WindowsServiceControlManager.class);
  private static final Advapi32 ADVAPI = Advapi32.INSTANCE;

  @Override
  public Optional<ServiceState> query(String name) throws ScmException {
    try (Handle scm = openScm(Winsvc.SC_MANAGER_CONNECT)) {
      Winsvc.SC_HANDLE h = ADVAPI.OpenService(scm.handle, name, Winsvc.SERVICE_QUERY_STATUS);
      if (h == null) {
        int error = Native.getLastError();
        if (error == ScmException.ERROR_SERVICE_DOES_NOT_EXIST) {
          return Optional.empty();
        }
        throw new ScmException("OpenService(" + name + ")", error);
      }
      try (Handle service = new Handle(h)) {
        Winsvc.SERVICE_STATUS_PROCESS status = new Winsvc.SERVICE_STATUS_PROCESS();
        if (!ADVAPI.QueryServiceStatusEx(
            service.handle,
            Winsvc.SC_STATUS_TYPE.SC_STATUS_PROCESS_INFO,
            status,
            status.size(),
            new IntByReference())) {
          throw lastError("QueryServiceStatusEx(" + name + ")");
        }
        return Optional.of(ServiceState.of(status.dwCurrentState));
      }
    }
  }

  @Override
  public void create(ServiceDefinition s) throws ScmException {
    try (Handle scm = openScm(Winsvc.SC_MANAGER_CONNECT | Winsvc.SC_MANAGER_CREATE_SERVICE)) {
      Winsvc.SC_HANDLE h =
          ADVAPI.CreateService(
              scm.handle,
              s.name(),
              s.displayName(),
              Winsvc.SERVICE_QUERY_STATUS,
              WinNT.SERVICE_WIN32_OWN_PROCESS,
              s.automaticStart() ? WinNT.SERVICE_AUTO_START : WinNT.SERVICE_DEMAND_START,
              WinNT.SERVICE_ERROR_NORMAL,
              s.commandLine(),
              null,
              null,
              null,
              // null is LocalSystem, with no password
              ServiceDefinition.LOCAL_SYSTEM.equals(s.account()) ? null : s.account(),
              null);
      if (h == null) {
        throw lastError("CreateService(" + s.name() + ")");
      }
      new Handle(h).close();
    }
  }

  @Override
  public void setDescription(String name, String description) throws ScmException {
    try (Handle scm = openScm(Winsvc.SC_MANAGER_CONNECT);
        Handle service = openService(scm, name, Winsvc.SERVICE_CHANGE_CONFIG)) {
      Winsvc.SERVICE_DESCRIPTION d = new Winsvc.SERVICE_DESCRIPTION();
      d.lpDescription = description;
      if (!ADVAPI.ChangeServiceConfig2(service.handle, Winsvc.SERVICE_CONFIG_DESCRIPTION, d)) {
        throw lastError("ChangeServiceConfig2(" + name + ", description)");
      }
    }
  }

  @Override
  public void setFailureActions(String name, ServiceDefinition.FailureActions actions)
      throws ScmException {
    try (Handle scm = openScm(Winsvc.SC_MANAGER_CONNECT)) {
      // A restart action needs SERVICE_START on the handle besides SERVICE_CHANGE_CONFIG.
      Winsvc.SC_HANDLE h =
          ADVAPI.OpenService(scm.handle, name, Winsvc.SERVICE_CHANGE_CONFIG | Winsvc.SERVICE_START);
      if (h == null) {
        throw lastError("OpenService(" + name + ")");
      }
      W32Service service = new W32Service(h);
      try {
        List<Winsvc.SC_ACTION> list = new ArrayList<>();
        for (var delay : actions.restartDelays()) {
          Winsvc.SC_ACTION a = new Winsvc.SC_ACTION();
          a.type = Winsvc.SC_ACTION_RESTART;
          a.delay = (int) delay.toMillis();
          list.add(a);
        }
        service.setFailureActions(list, (int) actions.resetPeriod().toSeconds(), null, null);
        // Also when the service stops with an error code (the agent refused, cannot start), not
        // only when the process dies.
        service.setFailureActionsFlag(true);
      } catch (Win32Exception e) {
        throw new ScmException(
            "ChangeServiceConfig2(" + name + ", failure actions)", e.getErrorCode());
      } finally {
        service.close();
      }
    }
  }

  @Override
  public void delete(String name) throws ScmException {
    try (Handle scm = openScm(Winsvc.SC_MANAGER_CONNECT);
        Handle service = openService(scm, name, WinNT.DELETE)) {
      if (!ADVAPI.DeleteService(service.handle)) {
        throw lastError("DeleteService(" + name + ")");
      }
    }
  }

  @Override
  public void start(String name) throws ScmException {
    try (Handle scm = openScm(Winsvc.SC_MANAGER_CONNECT);
        Handle service = openService(scm, name, Winsvc.SERVICE_START)) {
      if (!ADVAPI.StartService(service.handle, 0, null)) {
        throw lastError("StartService(" + name + ")");
      }
    }
  }

  @Override
  public void stop(String name) throws ScmException {
    try (Handle scm = openScm(Winsvc.SC_MANAGER_CONNECT);
        Handle service = openService(scm, name, Winsvc.SERVICE_STOP)) {
      if (!ADVAPI.ControlService(
          service.handle, Winsvc.SERVICE_CONTROL_STOP, new Winsvc.SERVICE_STATUS())) {
        throw lastError("ControlService(" + name + ", stop)");
      }
    }
  }

  @Override
  public void runDispatcher(String name, ServiceHandler handler) throws ScmException {
    ServiceMain main = new ServiceMain(name, handler);
    Winsvc.SERVICE_TABLE_ENTRY entry = new Winsvc.SERVICE_TABLE_ENTRY();
    entry.lpServiceName = name;
    entry.lpServiceProc = main;
    // The table ends with an all-null entry: toArray(2) lays both out contiguously.
    Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) entry.toArray(2);
    if (!ADVAPI.StartServiceCtrlDispatcher(table)) {
      throw lastError("StartServiceCtrlDispatcher");
    }
    // The SCM calls the callbacks natively: keep them reachable until the dispatcher returned.
    Reference.reachabilityFence(main);
    Reference.reachabilityFence(table);
  }

  /** The service's main, run by the SCM on its own thread. */
  private static final class ServiceMain implements Winsvc.SERVICE_MAIN_FUNCTION {
    private final String name;
    private final ServiceHandler handler;
    private final Controls controls;

    ServiceMain(String name, ServiceHandler handler) {
      this.name = name;
      this.handler = handler;
      this.controls = new Controls(handler);
    }

    @Override
    public void callback(int argc, Pointer argv) {
      Winsvc.SERVICE_STATUS_HANDLE status =
          ADVAPI.RegisterServiceCtrlHandlerEx(name, controls, null);
      if (status == null) {
        log.error("RegisterServiceCtrlHandlerEx failed: Win32 error {}", Native.getLastError());
        return;
      }
      handler.run(s -> report(status, s));
    }
  }

  /** The control handler: forwards stop, shutdown and interrogate to the lifecycle. */
  private static final class Controls implements Winsvc.HandlerEx {
    private final ServiceHandler handler;

    Controls(ServiceHandler handler) {
      this.handler = handler;
    }

    @Override
    public int callback(int control, int eventType, Pointer eventData, Pointer context) {
      switch (control) {
        case Winsvc.SERVICE_CONTROL_STOP -> handler.onControl(Control.STOP);
        case Winsvc.SERVICE_CONTROL_SHUTDOWN -> handler.onControl(Control.SHUTDOWN);
        case Winsvc.SERVICE_CONTROL_INTERROGATE -> handler.onControl(Control.INTERROGATE);
        default -> {
          return WinError.ERROR_CALL_NOT_IMPLEMENTED;
        }
      }
      return WinError.NO_ERROR;
    }
  }

  private static void report(Winsvc.SERVICE_STATUS_HANDLE handle, ServiceStatus s) {
    Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
    status.dwServiceType = WinNT.SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = s.state().code();
    status.dwControlsAccepted =
        s.acceptsStop() ? Winsvc.SERVICE_ACCEPT_STOP | Winsvc.SERVICE_ACCEPT_SHUTDOWN : 0;
    status.dwWin32ExitCode = s.win32ExitCode();
    status.dwServiceSpecificExitCode = s.serviceExitCode();
    status.dwCheckPoint = s.checkPoint();
    status.dwWaitHint = (int) s.waitHint().toMillis();
    if (!ADVAPI.SetServiceStatus(handle, status)) {
      log.warn("SetServiceStatus({}) failed: Win32 error {}", s.state(), Native.getLastError());
    }
  }

  private static Handle openScm(int access) throws ScmException {
    Winsvc.SC_HANDLE h = ADVAPI.OpenSCManager(null, null, access);
    if (h == null) {
      throw lastError("OpenSCManager");
    }
    return new Handle(h);
  }

  private static Handle openService(Handle scm, String name, int access) throws ScmException {
    Winsvc.SC_HANDLE h = ADVAPI.OpenService(scm.handle, name, access);
    if (h == null) {
      throw lastError("OpenService(" + name + ")");
    }
    return new Handle(h);
  }

  private static ScmException lastError(String operation) {
    return new ScmException(operation, Native.getLastError());
  }

  /** A service or SCM handle, closed by try-with-resources. */
  private record Handle(Winsvc.SC_HANDLE handle) implements AutoCloseable {
    @Override
    public void close() {
      ADVAPI.CloseServiceHandle(handle);
    }
  }
}
