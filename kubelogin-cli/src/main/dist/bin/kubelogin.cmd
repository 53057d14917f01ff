@echo off
rem kubelogin: Kubernetes credentials from OpenID Connect or Microsoft Entra ID.
rem Finds Java (JAVA_HOME, then PATH; 17 or later). On JDK 19 and later the JVM keeps a start-up
rem archive in %LOCALAPPDATA%\kubelogin and rebuilds it when it no longer matches.
rem KUBELOGIN_JAVA_OPTS adds JVM options. Without LOCALAPPDATA there is no archive (no shared
rem fallback: an archive is code the JVM loads).
setlocal
set "APP_HOME=%~dp0.."
set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
if not defined LOCALAPPDATA (
  "%JAVA%" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable ^
    %KUBELOGIN_JAVA_OPTS% -cp "%APP_HOME%\lib\*" dev.kubelogin.cli.Main %*
  exit /b %ERRORLEVEL%
)
set "CACHE_DIR=%LOCALAPPDATA%\kubelogin"
if not exist "%CACHE_DIR%" mkdir "%CACHE_DIR%" >nul 2>&1
"%JAVA%" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable ^
  -XX:+IgnoreUnrecognizedVMOptions -XX:+AutoCreateSharedArchive ^
  "-XX:SharedArchiveFile=%CACHE_DIR%\startup.jsa" %KUBELOGIN_JAVA_OPTS% ^
  -cp "%APP_HOME%\lib\*" dev.kubelogin.cli.Main %*
exit /b %ERRORLEVEL%
