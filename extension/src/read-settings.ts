import * as vscode from 'vscode';
import { parseSettings, Settings, type Settings as SettingsT } from './settings.ts';

let reported = '';
let problems: string[] = [];

/** What was wrong with the settings at the last read (`baton.serverUrl must be...`), each naming its setting. */
export const settingsProblems = (): readonly string[] => problems;

/** The validated settings; invalid values fall back to their defaults and are reported once per change. */
export function readSettings(): SettingsT {
  const config = vscode.workspace.getConfiguration('baton');
  const raw = Object.fromEntries(Object.keys(Settings.shape).map((key) => [key, config.get(key)]));
  const parsed = parseSettings(raw);
  const settings = parsed.settings;
  problems = parsed.problems;
  const summary = problems.join('; ');
  if (summary && summary !== reported) {
    void vscode.window.showWarningMessage(`Baton settings: ${summary}. Using the default instead.`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'baton.');
    });
  }
  reported = summary;
  return settings;
}
