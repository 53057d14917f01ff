package dev.kubelogin.cli;

import dev.kubelogin.core.exec.ExecCredentialCodec;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import java.util.ArrayList;
import java.util.List;

/** How the command was started, which decides the flags it takes and the names it prints. */
enum Program {
  /** {@code kubelogin}: int128's or Azure's flags, told apart by the flags given. */
  KUBELOGIN("kubelogin", "kubelogin"),
  /** {@code kubectl oidc-login} (the {@code kubectl-oidc_login} launcher): int128's flags only. */
  OIDC_LOGIN("kubectl oidc-login", "kubectl-oidc_login");

  private final String displayName;
  private final String executable;

  Program(String displayName, String executable) {
    this.displayName = displayName;
    this.executable = executable;
  }

  /** The launcher's file name, for the completion script. */
  String executable() {
    return executable;
  }

  String displayName() {
    return displayName;
  }

  String getTokenCommand() {
    return displayName + " get-token";
  }

  /** {@code get-token args} as the exec stanza a kubeconfig would hold for it. */
  ExecConfig getTokenStanza(List<String> args) {
    List<String> argv = new ArrayList<>(List.of(displayName.split(" ")));
    argv.add("get-token");
    argv.addAll(args);
    return ExecConfig.builder(argv.get(0), ExecCredentialCodec.V1)
        .args(argv.subList(1, argv.size()))
        .build();
  }
}
