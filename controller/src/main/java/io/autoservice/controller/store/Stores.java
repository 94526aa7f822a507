package io.autoservice.controller.store;

import java.time.Clock;

/** The store of every aggregate, over one database. */
public record Stores(
    AgentStore agents,
    RunStore runs,
    EventStore events,
    UserStore users,
    AuditStore audit,
    EnrolmentStore enrolment,
    StoreWriter.Target writeTarget,
    WebSessionStore webSessions,
    /** Replicas sharing the store: PostgreSQL only (null for the embedded store). */
    ClusterStore cluster,
    AlertStore alerts,
    ScheduleStore schedules,
    /** Each PC's history (figures read from finished reports). */
    HistoryStore history) {

  static Stores jdbc(Jdbc jdbc, Dialect dialect, Clock clock) {
    JdbcAgentStore agents = new JdbcAgentStore(jdbc);
    JdbcRunStore runs = new JdbcRunStore(jdbc, dialect);
    JdbcEventStore events = new JdbcEventStore(jdbc);
    return new Stores(
        agents,
        runs,
        events,
        new JdbcUserStore(jdbc),
        new JdbcAuditStore(jdbc),
        new JdbcEnrolmentStore(jdbc, dialect),
        new JdbcWriteTarget(jdbc),
        new JdbcWebSessionStore(jdbc),
        dialect == Dialect.POSTGRESQL ? new JdbcClusterStore(jdbc) : null,
        new JdbcAlertStore(jdbc),
        new JdbcScheduleStore(jdbc),
        new JdbcHistoryStore(jdbc));
  }
}
