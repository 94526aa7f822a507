package io.autoservice.controller.api;

import io.autoservice.common.auth.Role;
import io.autoservice.common.wire.RoleWire;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.Caller;
import io.autoservice.controller.auth.Passwords;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.model.AuditEntry;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.User;
import io.autoservice.proto.v1.AddUserRequest;
import io.autoservice.proto.v1.AddUserResponse;
import io.autoservice.proto.v1.ListAuditRequest;
import io.autoservice.proto.v1.ListAuditResponse;
import io.autoservice.proto.v1.ListUsersResponse;
import io.autoservice.proto.v1.RevokeUserRequest;
import io.autoservice.proto.v1.RevokeUserResponse;
import io.autoservice.proto.v1.SetUserPasswordRequest;
import io.autoservice.proto.v1.SetUserPasswordResponse;
import io.autoservice.proto.v1.UserInfo;

/**
 * The console's admin calls: the audit log and user management. The {@code AuthInterceptor} has
 * already checked the caller is an admin; user changes are audited here.
 */
final class AdminCalls {
  private final TokenStore tokens;
  private final Passwords passwords;
  private final AuditLog audit;
  private final AuditTrail trail;

  AdminCalls(TokenStore tokens, Passwords passwords, AuditLog audit, AuditTrail trail) {
    this.tokens = tokens;
    this.passwords = passwords;
    this.audit = audit;
    this.trail = trail;
  }

  ListAuditResponse listAudit(ListAuditRequest req) {
    if (req.getLimit() > AuditLog.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit: " + req.getLimit() + " (expected: 0 to " + AuditLog.MAX_LIMIT + ")");
    }
    AuditLog.Query q =
        new AuditLog.Query(
            req.getActor().isEmpty() ? null : req.getActor(),
            req.getAction().isEmpty() ? null : req.getAction(),
            req.hasSince() ? WireLimits.instant("since", req.getSince()) : null,
            req.getLimit());
    ListAuditResponse.Builder b = ListAuditResponse.newBuilder();
    audit.query(q).forEach(e -> b.addEntries(audit(e)));
    return b.build();
  }

  AddUserResponse addUser(AddUserRequest req) throws Refusal {
    Role role = RoleWire.fromProto(req.getRole());
    if (role == null) {
      throw Refusal.invalid("role: expected viewer, technician or admin");
    }
    TokenStore.Issued issued = tokens.add(req.getName(), role);
    trail.append(
        Caller.current(), AuditLog.USER_ADD, req.getName(), "role " + role.wireName(), null);
    return AddUserResponse.newBuilder()
        .setUser(user(issued.user()))
        .setToken(issued.token())
        .build();
  }

  ListUsersResponse listUsers() {
    ListUsersResponse.Builder b = ListUsersResponse.newBuilder();
    tokens.list().forEach(u -> b.addUsers(user(u)));
    return b.build();
  }

  RevokeUserResponse revokeUser(RevokeUserRequest req) throws Refusal {
    boolean wasValid = tokens.find(req.getName()).map(u -> !u.revoked()).orElse(false);
    User u = tokens.revoke(req.getName());
    if (wasValid) {
      trail.append(
          Caller.current(), AuditLog.USER_REVOKE, u.name(), "role " + u.role().wireName(), null);
    }
    return RevokeUserResponse.newBuilder().setUser(user(u)).build();
  }

  SetUserPasswordResponse setPassword(SetUserPasswordRequest req) throws Refusal {
    if (passwords == null) {
      throw Refusal.failedPrecondition("passwords are not available on this controller");
    }
    User u = passwords.set(req.getName(), req.getPassword());
    trail.append(Caller.current(), AuditLog.USER_PASSWORD, u.name(), "password set", null);
    return SetUserPasswordResponse.newBuilder().setUser(user(u)).build();
  }

  private static UserInfo user(User u) {
    UserInfo.Builder b =
        UserInfo.newBuilder()
            .setName(u.name())
            .setRole(RoleWire.toProto(u.role()))
            .setCreatedAt(WireMapper.toProto(u.createdAt()))
            .setHasPassword(u.hasPassword());
    if (u.revokedAt() != null) {
      b.setRevokedAt(WireMapper.toProto(u.revokedAt()));
    }
    return b.build();
  }

  private static io.autoservice.proto.v1.AuditEntry audit(AuditEntry e) {
    return io.autoservice.proto.v1.AuditEntry.newBuilder()
        .setId(e.id())
        .setAt(WireMapper.toProto(e.at()))
        .setActor(e.actor())
        .setAction(e.action())
        .setTarget(nz(e.target()))
        .setDetail(nz(e.detail()))
        .setRemoteAddr(nz(e.remoteAddr()))
        .setPlanSha256(nz(e.planSha256()))
        .build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
