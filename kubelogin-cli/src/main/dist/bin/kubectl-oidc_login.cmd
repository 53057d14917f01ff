@echo off
rem kubectl-oidc_login: "kubectl oidc-login ..." served by kubelogin.
call "%~dp0kubelogin.cmd" oidc-login %*
exit /b %ERRORLEVEL%
