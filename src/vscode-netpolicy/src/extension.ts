// Starts the policyls language server for .netpolicy files and connects VS Code to it over stdio.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, Executable, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

/** How to start the server: a .dll runs under `dotnet`; anything else (the default `policyls` on PATH) runs as is. */
export function serverExecutable(configuredPath: string, extraArgs: readonly string[], workspaceFolder?: string): Executable {
  let command = configuredPath.trim() === '' ? 'policyls' : configuredPath.trim();
  if (command.startsWith('~/') && process.env.HOME) command = path.join(process.env.HOME, command.slice(2));
  else if (workspaceFolder && (command.startsWith('./') || command.startsWith('../'))) command = path.resolve(workspaceFolder, command);
  if (command.toLowerCase().endsWith('.dll')) {
    return { command: 'dotnet', args: [command, ...extraArgs], transport: TransportKind.stdio };
  }
  return { command, args: [...extraArgs], transport: TransportKind.stdio };
}

function createClient(): LanguageClient {
  const config = vscode.workspace.getConfiguration('netpolicy');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const executable = serverExecutable(config.get<string>('server.path', 'policyls'), config.get<string[]>('server.args', []), folder);
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  output ??= vscode.window.createOutputChannel('PolicyLang');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'netpolicy' },
      { scheme: 'untitled', language: 'netpolicy' },
    ],
    outputChannel: output,
    synchronize: {
      // Imports resolve against the disk for files that are not open: tell the server when they change.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.netpolicy'),
    },
  };
  return new LanguageClient('netpolicy', 'PolicyLang', serverOptions, clientOptions);
}

async function start(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const command = vscode.workspace.getConfiguration('netpolicy').get<string>('server.path', 'policyls');
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `PolicyLang: could not start the language server '${command}' (${message}). ` +
        "Install it with 'dotnet tool install -g PolicyLang.LanguageServer' or set 'netpolicy.server.path'.",
      'Open Settings',
    ).then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'netpolicy.server');
    });
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch {
      // The server may have died already; nothing more to stop.
    }
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('netpolicy.restartServer', async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('netpolicy.server')) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export function deactivate(): Thenable<void> | undefined {
  return stop();
}
