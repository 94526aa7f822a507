package io.autoservice.controller.api;

import io.autoservice.common.plan.Plan;
import io.autoservice.controller.auth.Caller;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.model.WindowRecord;
import io.autoservice.controller.schedules.Durations;
import io.autoservice.controller.schedules.Recurrence;
import io.autoservice.controller.schedules.ScheduleLoop;
import io.autoservice.controller.schedules.Windows;
import io.autoservice.controller.store.ScheduleStore;
import io.autoservice.proto.v1.CreateScheduleRequest;
import io.autoservice.proto.v1.CreateScheduleResponse;
import io.autoservice.proto.v1.DeleteMaintenanceWindowRequest;
import io.autoservice.proto.v1.DeleteMaintenanceWindowResponse;
import io.autoservice.proto.v1.DeleteScheduleRequest;
import io.autoservice.proto.v1.DeleteScheduleResponse;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.EmptyOccurrence;
import io.autoservice.proto.v1.ListMaintenanceWindowsResponse;
import io.autoservice.proto.v1.ListScheduleOccurrencesRequest;
import io.autoservice.proto.v1.ListScheduleOccurrencesResponse;
import io.autoservice.proto.v1.ListSchedulesResponse;
import io.autoservice.proto.v1.MaintenanceWindow;
import io.autoservice.proto.v1.RunScheduleNowRequest;
import io.autoservice.proto.v1.RunScheduleNowResponse;
import io.autoservice.proto.v1.Schedule;
import io.autoservice.proto.v1.SetMaintenanceWindowRequest;
import io.autoservice.proto.v1.SetMaintenanceWindowResponse;
import io.autoservice.proto.v1.SetScheduleEnabledRequest;
import io.autoservice.proto.v1.SetScheduleEnabledResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The console's schedule and maintenance-window calls. A schedule's plan and target are checked
 * exactly as a Dispatch's are (the plan gate, the agents' own parameter schemas, task types the
 * targets lack unless forced), against the agents the target names now; every change is audited
 * under the schedule's name.
 */
final class ScheduleCalls {
  static final String CREATE = "schedule_create";
  static final String PAUSE = "schedule_pause";
  static final String RESUME = "schedule_resume";
  static final String DELETE = "schedule_delete";
  static final String RUN_NOW = "schedule_run_now";
  static final String WINDOW_SET = "window_set";
  static final String WINDOW_DELETE = "window_delete";

  static final Duration DEFAULT_CATCH_UP = Duration.ofHours(6);
  static final Duration DEFAULT_JITTER = Duration.ofMinutes(10);
  static final Duration MAX_CATCH_UP = Duration.ofDays(30);
  static final Duration MAX_JITTER = Duration.ofDays(1);
  static final int MAX_SCHEDULES = 1_000;
  private static final int MAX_AGENT_IDS = 10_000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** What the calls need from the controller; null parts mean schedules are not served. */
  record Parts(ScheduleStore store, ScheduleLoop loop, Clock clock) {}

  private final Parts parts;
  private final FleetRegistry fleet;
  private final AuditTrail trail;

  ScheduleCalls(Parts parts, FleetRegistry fleet, AuditTrail trail) {
    this.parts = parts;
    this.fleet = fleet;
    this.trail = trail;
  }

  CreateScheduleResponse create(CreateScheduleRequest req) throws Refusal {
    ScheduleStore store = store();
    java.util.Optional<String> undecodable = DispatchDecoding.refusal(req);
    if (undecodable.isPresent()) {
      throw Refusal.invalid(undecodable.get());
    }
    Schedule in = req.getSchedule();
    String name = name(in.getName());
    ScheduleRecord.Target target = target(in);
    // The plan through Dispatch's own checks, against the agents the target names today.
    DispatchRequest asDispatch =
        DispatchRequest.newBuilder().setPlan(in.getPlan()).setForce(in.getForce()).build();
    Plan plan = ConsoleGrpcService.validPlan(asDispatch);
    List<AgentRecord> now = resolve(target);
    if (!in.getForce()) {
      ConsoleGrpcService.refuseUnsupported(plan, now);
    }
    List<String> bad = DispatchParamCheck.problems(plan, now, fleet.schemas());
    if (!bad.isEmpty()) {
      throw Refusal.invalid(String.join("; ", bad));
    }
    boolean cron = !in.getCron().isBlank();
    boolean every = !in.getEvery().isBlank();
    if (cron == every) {
      throw Refusal.invalid("recurrence: expected exactly one of cron or every");
    }
    String zone = Recurrence.zone(in.getTimeZone()).getId();
    Instant at = parts.clock().instant();
    if (cron) {
      Recurrence.cron(in.getCron(), zone);
    } else {
      Recurrence.period(in.getEvery());
    }
    Duration catchUp =
        bounded(
            "catch_up_seconds",
            in.hasCatchUpSeconds() ? in.getCatchUpSeconds() : DEFAULT_CATCH_UP.toSeconds(),
            MAX_CATCH_UP);
    Duration jitter =
        bounded(
            "jitter_seconds",
            in.hasJitterSeconds() ? in.getJitterSeconds() : DEFAULT_JITTER.toSeconds(),
            MAX_JITTER);
    Duration deadline =
        bounded("delivery_deadline_seconds", in.getDeliveryDeadlineSeconds(), Duration.ofDays(90));
    if (store.list().size() >= MAX_SCHEDULES) {
      throw Refusal.resourceExhausted(
          "schedules: at most " + MAX_SCHEDULES + " schedules; delete one first");
    }
    Caller who = Caller.current();
    ScheduleRecord s =
        new ScheduleRecord(
            UUID.randomUUID().toString(),
            name,
            plan,
            target,
            cron ? in.getCron().trim() : null,
            zone,
            every ? in.getEvery().trim() : null,
            deadline,
            catchUp,
            jitter,
            in.getForce(),
            !req.getPaused(),
            who.name(),
            at,
            at);
    if (!store.create(s)) {
      throw Refusal.alreadyExists("schedule " + name + " exists already");
    }
    trail.append(
        who,
        CREATE,
        "schedule " + name,
        (cron ? "cron \"" + s.cron() + "\" " + zone : "every " + s.every())
            + "; target "
            + targetText(target)
            + "; catch-up "
            + Durations.text(catchUp)
            + "; jitter "
            + Durations.text(jitter)
            + (req.getPaused() ? "; paused" : "")
            + "; tasks: "
            + String.join(", ", plan.tasks().stream().map(t -> t.type()).toList()),
        AuditTrail.planSha256(plan));
    return CreateScheduleResponse.newBuilder().setSchedule(ScheduleMapper.schedule(s)).build();
  }

  ListSchedulesResponse list() throws Refusal {
    ListSchedulesResponse.Builder b = ListSchedulesResponse.newBuilder();
    store().list().forEach(s -> b.addSchedules(ScheduleMapper.schedule(s)));
    return b.build();
  }

  SetScheduleEnabledResponse setEnabled(SetScheduleEnabledRequest req) throws Refusal {
    ScheduleRecord s = existing(req.getName());
    store().setEnabled(s.scheduleId(), req.getEnabled(), parts.clock().instant());
    trail.append(
        Caller.current(),
        req.getEnabled() ? RESUME : PAUSE,
        "schedule " + s.name(),
        req.getEnabled() ? "resumed from the next occurrence" : "paused",
        null);
    return SetScheduleEnabledResponse.newBuilder()
        .setSchedule(ScheduleMapper.schedule(existing(s.name())))
        .build();
  }

  DeleteScheduleResponse delete(DeleteScheduleRequest req) throws Refusal {
    ScheduleRecord s = existing(req.getName());
    store().delete(s.scheduleId());
    trail.append(Caller.current(), DELETE, "schedule " + s.name(), "deleted", null);
    return DeleteScheduleResponse.getDefaultInstance();
  }

  RunScheduleNowResponse runNow(RunScheduleNowRequest req) throws Refusal {
    ScheduleRecord s = existing(req.getName());
    Instant at = parts.clock().instant();
    int agents =
        parts
            .loop()
            .runNow(s)
            .orElseThrow(
                () ->
                    Refusal.failedPrecondition("schedule " + s.name() + " just fired; try again"));
    trail.append(
        Caller.current(),
        RUN_NOW,
        "schedule " + s.name(),
        "occurrence " + at + " for " + agents + (agents == 1 ? " agent" : " agents"),
        AuditTrail.planSha256(s.plan()));
    return RunScheduleNowResponse.newBuilder()
        .setOccurrence(io.autoservice.common.wire.WireMapper.toProto(at))
        .setAgents(agents)
        .build();
  }

  ListScheduleOccurrencesResponse occurrences(ListScheduleOccurrencesRequest req) throws Refusal {
    ScheduleRecord s = existing(req.getName());
    if (req.getLimit() > 1_000) {
      throw Refusal.invalid("limit: expected 0 to 1000 but got " + req.getLimit());
    }
    int limit = req.getLimit() == 0 ? 200 : req.getLimit();
    ListScheduleOccurrencesResponse.Builder b = ListScheduleOccurrencesResponse.newBuilder();
    store()
        .deliveries(s.scheduleId(), limit)
        .forEach(d -> b.addDeliveries(ScheduleMapper.delivery(d)));
    store()
        .emptyOccurrences(s.scheduleId(), 50)
        .forEach(
            e ->
                b.addEmpty(
                    EmptyOccurrence.newBuilder()
                        .setOccurrence(
                            io.autoservice.common.wire.WireMapper.toProto(e.occurrence()))
                        .setNote(e.note())));
    return b.build();
  }

  SetMaintenanceWindowResponse setWindow(SetMaintenanceWindowRequest req) throws Refusal {
    ScheduleStore store = store();
    MaintenanceWindow in = req.getWindow();
    WireLimits.labels("window.label", Map.of(in.getLabelKey(), in.getLabelValue()));
    if (in.getLabelValue().isEmpty()) {
      throw Refusal.invalid("window.label_value: expected a value");
    }
    if (in.getDaysCount() > 20 || in.getDaysList().stream().anyMatch(d -> d.length() > 40)) {
      throw Refusal.invalid("window.days: expected at most 20 items of at most 40 characters");
    }
    Caller who = Caller.current();
    WindowRecord w =
        new WindowRecord(
            in.getLabelKey(),
            in.getLabelValue(),
            Windows.days(in.getDaysList()),
            Windows.time("window.from", in.getFrom()),
            Windows.time("window.to", in.getTo()),
            Recurrence.zone(in.getTimeZone()),
            who.name(),
            parts.clock().instant());
    store.setWindow(w);
    trail.append(who, WINDOW_SET, "window " + w.label(), Windows.describe(w), null);
    return SetMaintenanceWindowResponse.newBuilder().setWindow(ScheduleMapper.window(w)).build();
  }

  ListMaintenanceWindowsResponse windows() throws Refusal {
    ListMaintenanceWindowsResponse.Builder b = ListMaintenanceWindowsResponse.newBuilder();
    store().windows().forEach(w -> b.addWindows(ScheduleMapper.window(w)));
    return b.build();
  }

  DeleteMaintenanceWindowResponse deleteWindow(DeleteMaintenanceWindowRequest req) throws Refusal {
    WireLimits.labels("label", Map.of(req.getLabelKey(), req.getLabelValue()));
    if (!store().deleteWindow(req.getLabelKey(), req.getLabelValue())) {
      throw Refusal.notFound(
          "no maintenance window for " + req.getLabelKey() + "=" + req.getLabelValue());
    }
    trail.append(
        Caller.current(),
        WINDOW_DELETE,
        "window " + req.getLabelKey() + "=" + req.getLabelValue(),
        "deleted",
        null);
    return DeleteMaintenanceWindowResponse.getDefaultInstance();
  }

  // ---- helpers

  private ScheduleStore store() throws Refusal {
    if (parts == null) {
      throw Refusal.failedPrecondition("this controller does not run schedules");
    }
    return parts.store();
  }

  private ScheduleRecord existing(String name) throws Refusal {
    String n = name(name);
    return store().byName(n).orElseThrow(() -> Refusal.notFound("schedule " + n + " not found"));
  }

  private static String name(String name) throws Refusal {
    if (!NAME.matcher(name).matches()) {
      throw Refusal.invalid(
          "name: expected 1-64 letters, digits, '.', '_' or '-' but got \""
              + io.autoservice.common.text.SafeText.line(
                  name.length() > 80 ? name.substring(0, 80) + "…" : name)
              + "\"");
    }
    return name;
  }

  private static ScheduleRecord.Target target(Schedule in) throws Refusal {
    int kinds =
        (in.getAgentIdsCount() > 0 ? 1 : 0)
            + (in.getLabelsCount() > 0 ? 1 : 0)
            + (in.getAll() ? 1 : 0);
    if (kinds != 1) {
      throw Refusal.invalid("target: expected exactly one of agent_ids, labels or all");
    }
    if (in.getAgentIdsCount() > 0) {
      if (in.getAgentIdsCount() > MAX_AGENT_IDS) {
        throw Refusal.invalid("agent_ids: expected at most " + MAX_AGENT_IDS + " ids");
      }
      Set<String> ids = new LinkedHashSet<>();
      for (String id : in.getAgentIdsList()) {
        ids.add(WireLimits.agentId("agent_ids", id));
      }
      return ScheduleRecord.Target.agents(new ArrayList<>(ids));
    }
    if (in.getLabelsCount() > 0) {
      WireLimits.labels("labels", in.getLabelsMap());
      return ScheduleRecord.Target.labels(in.getLabelsMap());
    }
    return ScheduleRecord.Target.all();
  }

  private List<AgentRecord> resolve(ScheduleRecord.Target t) throws Refusal {
    List<AgentRecord> out = new ArrayList<>();
    switch (t.kind()) {
      case AGENTS -> {
        for (String id : t.agentIds()) {
          out.add(
              fleet.known(id).orElseThrow(() -> Refusal.notFound("agent " + id + " not found")));
        }
      }
      case LABELS -> fleet.list(t.labels(), Set.of()).forEach(v -> out.add(v.record()));
      case ALL -> fleet.list(Map.of(), Set.of()).stream().map(AgentView::record).forEach(out::add);
    }
    return out;
  }

  private static Duration bounded(String field, long seconds, Duration max) throws Refusal {
    if (seconds > max.toSeconds()) {
      throw Refusal.invalid(
          field + ": expected at most " + max.toSeconds() + " seconds but got " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }

  private static String targetText(ScheduleRecord.Target t) {
    return switch (t.kind()) {
      case AGENTS -> "agents " + String.join(", ", t.agentIds());
      case LABELS -> "labels " + new TreeMap<>(t.labels());
      case ALL -> "all agents";
    };
  }
}
