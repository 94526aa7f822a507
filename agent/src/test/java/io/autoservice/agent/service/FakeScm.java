package io.autoservice.agent.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service control manager in memory, as Windows behaves for the calls the agent makes: a created
 * service is STOPPED; start and stop go through their pending state for a few queries; a pending
 * stop or start refuses another; controls reach a running service only once it accepts them.
 */
public final class FakeScm implements ServiceControlManager {
  /** A registered service and what was set on it. */
  public static final class Entry {
    public final ServiceDefinition definition;
    public String description;
    public ServiceDefinition.FailureActions failureActions;
    public ServiceState state = ServiceState.STOPPED;
    int pendingQueries;
    ServiceState after;

    Entry(ServiceDefinition definition) {
      this.definition = definition;
    }
  }

  public final Map<String, Entry> services = new LinkedHashMap<>();

  /** Every call, in order, e.g. {@code stop(AutoServiceAgent)}, {@code delete(…) while STOPPED}. */
  public final List<String> calls = new ArrayList<>();

  /** What the dispatched service reported, in order. */
  public final List<ServiceStatus> statuses = new CopyOnWriteArrayList<>();

  /** Queries a pending start or stop takes to complete. */
  public int pendingFor = 3;

  /** What a started service gets to: RUNNING, or STOPPED for one that fails at start. */
  public ServiceState startsTo = ServiceState.RUNNING;

  /** When non-zero, every call fails with this Win32 error (e.g. 5: not elevated). */
  public int failWith;

  private volatile ServiceHandler dispatched;

  @Override
  public Optional<ServiceState> query(String name) throws ScmException {
    check("OpenService(" + name + ")");
    Entry e = services.get(name);
    if (e == null) {
      return Optional.empty();
    }
    if (e.after != null && --e.pendingQueries <= 0) {
      e.state = e.after;
      e.after = null;
    }
    return Optional.of(e.state);
  }

  @Override
  public void create(ServiceDefinition service) throws ScmException {
    check("OpenSCManager");
    calls.add("create(" + service.name() + ")");
    if (services.containsKey(service.name())) {
      throw new ScmException("CreateService", ScmException.ERROR_SERVICE_EXISTS);
    }
    services.put(service.name(), new Entry(service));
  }

  @Override
  public void setDescription(String name, String description) throws ScmException {
    entry(name).description = description;
  }

  @Override
  public void setFailureActions(String name, ServiceDefinition.FailureActions actions)
      throws ScmException {
    entry(name).failureActions = actions;
  }

  @Override
  public void delete(String name) throws ScmException {
    Entry e = entry(name);
    calls.add("delete(" + name + ") while " + e.state);
    services.remove(name);
  }

  @Override
  public void start(String name) throws ScmException {
    Entry e = entry(name);
    calls.add("start(" + name + ")");
    if (e.state != ServiceState.STOPPED) {
      throw new ScmException("StartService", ScmException.ERROR_SERVICE_ALREADY_RUNNING);
    }
    pending(e, ServiceState.START_PENDING, startsTo);
  }

  @Override
  public void stop(String name) throws ScmException {
    Entry e = entry(name);
    calls.add("stop(" + name + ")");
    if (e.state == ServiceState.STOPPED) {
      throw new ScmException("ControlService", ScmException.ERROR_SERVICE_NOT_ACTIVE);
    }
    pending(e, ServiceState.STOP_PENDING, ServiceState.STOPPED);
  }

  /** Runs the handler as the SCM does; blocks until it returns (the service stopped). */
  @Override
  public void runDispatcher(String name, ServiceHandler handler) throws ScmException {
    check("StartServiceCtrlDispatcher");
    dispatched = handler;
    handler.run(statuses::add);
  }

  /**
   * Sends a control to the dispatched service, as the SCM would: STOP and SHUTDOWN only once its
   * last status accepts them. Returns whether it was delivered.
   */
  public boolean control(Control control) {
    ServiceHandler h = dispatched;
    if (h == null || statuses.isEmpty()) {
      return false;
    }
    ServiceStatus last = statuses.get(statuses.size() - 1);
    if ((control == Control.STOP || control == Control.SHUTDOWN) && !last.acceptsStop()) {
      return false;
    }
    h.onControl(control);
    return true;
  }

  private void pending(Entry e, ServiceState pending, ServiceState then) {
    e.state = pending;
    e.after = then;
    e.pendingQueries = pendingFor;
  }

  private Entry entry(String name) throws ScmException {
    check("OpenService(" + name + ")");
    Entry e = services.get(name);
    if (e == null) {
      throw new ScmException(
          "OpenService(" + name + ")", ScmException.ERROR_SERVICE_DOES_NOT_EXIST);
    }
    return e;
  }

  private void check(String operation) throws ScmException {
    if (failWith != 0) {
      throw new ScmException(operation, failWith);
    }
  }
}
