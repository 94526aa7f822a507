package io.autoservice.console.view;

import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AuditEntry;
import io.autoservice.proto.v1.ListAuditRequest;
import java.time.Instant;

/**
 * One audit-log entry as the console shows it (the wire's {@code AuditEntry}).
 *
 * @param actor the user who acted, {@code anonymous} for a call without a valid token
 * @param action e.g. dispatch, cancel, user_add, user_revoke, login_failure, denied
 * @param target the dispatch target, a run id, a user, a refused method
 * @param remoteAddr where the call came from ({@code host:port}), {@code local} for the CLI
 * @param planSha256 a dispatch's plan hash (hex), {@code null} otherwise
 */
public record AuditRow(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    String detail,
    String remoteAddr,
    String planSha256) {

  /**
   * A filter for listing entries; {@code null} fields do not filter.
   *
   * @param limit at most this many entries (0: the controller's default, 100; at most 1000)
   */
  public record Query(String actor, String action, Instant since, int limit) {
    public ListAuditRequest toProto() {
      ListAuditRequest.Builder b = ListAuditRequest.newBuilder().setLimit(Math.max(0, limit));
      if (actor != null) {
        b.setActor(actor);
      }
      if (action != null) {
        b.setAction(action);
      }
      if (since != null) {
        b.setSince(WireMapper.toProto(since));
      }
      return b.build();
    }
  }

  public static AuditRow from(AuditEntry e) {
    return new AuditRow(
        e.getId(),
        e.hasAt() ? WireMapper.fromProto(e.getAt()) : null,
        e.getActor(),
        e.getAction(),
        e.getTarget(),
        e.getDetail(),
        e.getRemoteAddr(),
        e.getPlanSha256().isEmpty() ? null : e.getPlanSha256());
  }
}
