# escape=`
FROM mcr.example/windows:ltsc
RUN powershell -Command `
    Write-Host hi ; `
    Write-Host "c:\path"
WORKDIR C:\app
COPY a.txt C:\app\
