package io.autoservice.controller.api;

import io.autoservice.common.auth.Permission;
import io.autoservice.common.wire.PermissionWire;
import io.autoservice.proto.v1.ConsoleProto;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.HashMap;
import java.util.Map;

/**
 * The permission each console method needs, for the {@code AuthInterceptor}, read from the {@code
 * required_permission} option each rpc declares in console.proto, so the contract is the one place
 * to decide it. A method without the option is left out here, which keeps it for admins only.
 */
public final class ConsolePermissions {
  private ConsolePermissions() {}

  /** Full method name ({@code autoservice.v1.ConsoleService/Dispatch}) to permission. */
  public static Map<String, Permission> byMethod() {
    return declaredBy(ConsoleServiceGrpc.getServiceDescriptor());
  }

  /** The permissions the methods of a protobuf-generated service declare. */
  static Map<String, Permission> declaredBy(ServiceDescriptor service) {
    Map<String, Permission> required = new HashMap<>();
    for (MethodDescriptor<?, ?> method : service.getMethods()) {
      var options =
          ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor())
              .getMethodDescriptor()
              .getOptions();
      Permission p =
          PermissionWire.fromProto(options.getExtension(ConsoleProto.requiredPermission));
      if (p != null) {
        required.put(method.getFullMethodName(), p);
      }
    }
    return Map.copyOf(required);
  }
}
