@echo off
rem chainlog: the launcher of an installed chainlog on Windows (bin\chainlog.cmd; README.md, "Install").
rem Runs lib\chainlog.jar with the Java of JAVA_HOME, or else java on PATH (Java 17 or newer); CHAINLOG_JAVA_OPTS
rem passes options to the JVM. Exits with chainlog's status; 4 when no Java is found.
setlocal
set "CHAINLOG_HOME=%~dp0.."
if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA=java.exe"
)
where /q "%JAVA%" 2>nul || if not exist "%JAVA%" (
  echo chainlog: no Java found: install a Java 17 ^(or newer^) runtime, or set JAVA_HOME 1>&2
  exit /b 4
)
"%JAVA%" %CHAINLOG_JAVA_OPTS% -jar "%CHAINLOG_HOME%\lib\chainlog.jar" %*
exit /b %ERRORLEVEL%
