@echo off
rem chainlog: the launcher of an installed chainlog on Windows (bin\chainlog.cmd; README.md, "Install").
rem Runs lib\chainlog.jar with the Java of JAVA_HOME, or else java on PATH (Java 17 or newer); CHAINLOG_JAVA_OPTS
rem passes options to the JVM. Exits with chainlog's status; 4 when the jar or a Java is missing. Unlike bin/chainlog
rem it does not check the Java version: a Java older than 17 stops with UnsupportedClassVersionError.
setlocal
set "CHAINLOG_HOME=%~dp0.."
if not exist "%CHAINLOG_HOME%\lib\chainlog.jar" (
  echo chainlog: %CHAINLOG_HOME%\lib\chainlog.jar is missing: reinstall chainlog 1>&2
  exit /b 4
)
if defined JAVA_HOME goto javahome
where /q java.exe || (
  echo chainlog: no Java found: install a Java 17 ^(or newer^) runtime, or set JAVA_HOME 1>&2
  exit /b 4
)
set "JAVA=java.exe"
goto run
:javahome
set "JAVA=%JAVA_HOME%\bin\java.exe"
if not exist "%JAVA%" (
  echo chainlog: no Java found in JAVA_HOME=%JAVA_HOME%: install a Java 17 ^(or newer^) runtime, or set JAVA_HOME 1>&2
  exit /b 4
)
:run
"%JAVA%" %CHAINLOG_JAVA_OPTS% -Dchainlog.command=chainlog -jar "%CHAINLOG_HOME%\lib\chainlog.jar" %*
exit /b %ERRORLEVEL%
