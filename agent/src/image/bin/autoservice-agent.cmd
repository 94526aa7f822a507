@echo off
rem AutoService Fleet agent launcher: runs the agent on the runtime shipped beside it (runtime\),
rem else on %JAVA_HOME% or the java on PATH. Every argument goes to the agent; the exit status is
rem the agent's. Extra JVM options: AUTOSERVICE_AGENT_JAVA_OPTS.
setlocal
set "AS_HOME=%~dp0.."
set "AS_JAVA=%AS_HOME%\runtime\bin\java.exe"
if not exist "%AS_JAVA%" if defined JAVA_HOME set "AS_JAVA=%JAVA_HOME%\bin\java.exe"
if not exist "%AS_JAVA%" set "AS_JAVA=java"
set "AS_CDS="
rem The class-data archive is valid for this folder only: made here once from the build's class list
rem (a static dump, no agent code runs); a stale one costs start-up time only (-Xshare:auto).
if not exist "%AS_HOME%\runtime\bin\java.exe" goto run
if not exist "%AS_HOME%\lib\agent.classlist" goto run
if not exist "%AS_HOME%\lib\agent.jsa" "%AS_JAVA%" -Xshare:dump "-XX:SharedClassListFile=%AS_HOME%\lib\agent.classlist" "-XX:SharedArchiveFile=%AS_HOME%\lib\agent.jsa" -cp "%AS_HOME%\autoservice-agent.jar" @JVM_FLAGS@ >nul 2>nul
if exist "%AS_HOME%\lib\agent.jsa" set AS_CDS="-XX:SharedArchiveFile=%AS_HOME%\lib\agent.jsa" -Xshare:auto
:run
"%AS_JAVA%" @JVM_FLAGS@ %AUTOSERVICE_AGENT_JAVA_OPTS% %AS_CDS% -jar "%AS_HOME%\autoservice-agent.jar" %*
exit /b %ERRORLEVEL%
