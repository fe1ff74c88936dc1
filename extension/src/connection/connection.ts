import { BatonError, createAgentClient, createClient, TRPCClientError, type AgentClient, type BatonClient } from '@baton/client';
import * as vscode from 'vscode';
import { readSettings } from '../read-settings.ts';
import { describeError, type ProblemAction } from './describe-error.ts';
import { identify, ProductChoiceNeeded, SettingsProblem, type Identity } from './identity.ts';
import { TokenStore } from './token-store.ts';

export type ConnectionState =
  | { kind: 'signedOut' }
  | { kind: 'connecting' }
  | { kind: 'signedIn'; serverUrl: string; identity: Identity; api: AgentClient; trpc: BatonClient }
  | { kind: 'failed'; serverUrl: string; message: string };

type SignedIn = Extract<ConnectionState, { kind: 'signedIn' }>;

/** What a problem's buttons act on: the item (Open Item, Claim Again), its branch, and the action to retry. */
export type OfferContext = { item?: string; branch?: string | null; retry?: () => Promise<unknown> };
export type Offer = { message: string; actions: ProblemAction[]; choose(action: ProblemAction): unknown };

/**
 * The one place that knows the server, the token and who it belongs to. Commands and views ask it for the
 * client (`require()`), run their calls through `run()` for uniform error messages, and listen to changes.
 */
export class Connection implements vscode.Disposable {
  private current: ConnectionState = { kind: 'signedOut' };
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  readonly onDidChange = this.changed.event;
  private readonly tokens: TokenStore;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private generation = 0;
  /** the token the current state was built from */
  private token: string | undefined;

  constructor(secrets: vscode.SecretStorage) {
    this.tokens = new TokenStore(secrets);
    this.disposables.push(
      // another window signed in or out; our own writes change nothing we do not already know
      this.tokens.onDidChange(async () => {
        if ((await this.tokens.get(readSettings().serverUrl)) !== this.token) void this.connect();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('baton.serverUrl') || e.affectsConfiguration('baton.product')) void this.connect();
      }),
    );
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** the token the signed-in state uses (the Accounts menu's session carries it) */
  get accessToken(): string | undefined {
    return this.current.kind === 'signedIn' ? this.token : undefined;
  }

  private set(state: ConnectionState) {
    this.current = state;
    void vscode.commands.executeCommand('setContext', 'baton.signedIn', state.kind === 'signedIn');
    this.changed.fire(state);
  }

  /** (Re)connects with the stored token for the configured server; never throws. */
  async connect(): Promise<ConnectionState> {
    const generation = ++this.generation;
    const { serverUrl, product } = readSettings();
    const token = await this.tokens.get(serverUrl);
    this.token = token;
    if (!token) {
      this.set({ kind: 'signedOut' });
      return this.current;
    }
    this.set({ kind: 'connecting' });
    try {
      const state = await this.open(serverUrl, token, product);
      if (generation === this.generation) this.set(state);
    } catch (e) {
      if (generation !== this.generation) return this.current;
      if (e instanceof ProductChoiceNeeded) {
        const chosen = await this.chooseProduct(e);
        if (chosen) return this.connect();
      }
      const message = this.explain(e, 'connect to Baton', serverUrl).message;
      this.set({ kind: 'failed', serverUrl, message });
      if (BatonError.from(e).code === 'UNAUTHENTICATED') void this.offer(message, ['Sign In']);
    }
    return this.current;
  }

  private async open(serverUrl: string, token: string, product: string): Promise<SignedIn> {
    const trpc = createClient({ url: serverUrl, token });
    const identity = await identify(trpc, product);
    const api = createAgentClient({ url: serverUrl, token, productId: identity.product.id });
    return { kind: 'signedIn', serverUrl, identity, api, trpc };
  }

  private async chooseProduct(e: ProductChoiceNeeded): Promise<boolean> {
    const pick = await vscode.window.showQuickPick(
      e.products.map((p) => ({ label: p.key, description: p.name })),
      { title: 'Baton: which product do you work in?', ignoreFocusOut: true },
    );
    if (!pick) return false;
    await vscode.workspace.getConfiguration('baton').update('product', pick.label, vscode.ConfigurationTarget.Global);
    return true;
  }

  /** Checks a token against the server before keeping it: a wrong key never gets stored. */
  async signInWithToken(token: string): Promise<SignedIn> {
    const { serverUrl, product } = readSettings();
    let state: SignedIn;
    try {
      state = await this.open(serverUrl, token, product);
    } catch (e) {
      // a key refused at sign-in was never valid here (mistyped, cut short, revoked): not a session that expired
      if (BatonError.from(e).code === 'UNAUTHENTICATED') {
        throw new Error(`Could not sign in: the Baton server at ${serverUrl} does not accept this key. Check that it was pasted whole (it starts with bat_) and has not been revoked.`);
      }
      if (!(e instanceof ProductChoiceNeeded)) throw e;
      this.token = token;
      await this.tokens.set(serverUrl, token);
      await this.connect();
      return this.require();
    }
    this.generation++;
    this.token = token;
    await this.tokens.set(serverUrl, token);
    this.set(state);
    return state;
  }

  async signOut(): Promise<void> {
    const state = this.current;
    const serverUrl = state.kind === 'signedIn' || state.kind === 'failed' ? state.serverUrl : readSettings().serverUrl;
    // a device login made a session on the server: end it there too (an API key stays valid for its other uses)
    if (state.kind === 'signedIn' && state.identity.kind === 'user') await state.trpc.auth.logOut.mutate().catch(() => undefined);
    this.generation++;
    this.token = undefined;
    await this.tokens.delete(serverUrl);
    this.set({ kind: 'signedOut' });
  }

  /** The signed-in state, or a BatonError the caller's `run()` turns into "Sign in". */
  require(): SignedIn {
    if (this.current.kind === 'signedIn') return this.current;
    const why = this.current.kind === 'failed' ? this.current.message : 'You are not signed in to Baton.';
    throw new BatonError('UNAUTHENTICATED', why);
  }

  explain(e: unknown, doing: string, serverUrl = readSettings().serverUrl) {
    if (e instanceof SettingsProblem) return { message: e.message, actions: ['Open Settings'] as ProblemAction[] };
    if (e instanceof Error && !(e instanceof BatonError) && !(e instanceof TRPCClientError)) {
      // our own plain errors (git refused, the code expired...) already say what happened and what to do
      return { message: e.message, actions: [] as ProblemAction[] };
    }
    const product = this.current.kind === 'signedIn' ? this.current.identity.product.key : undefined;
    return describeError(BatonError.from(e), doing, serverUrl, product);
  }

  /**
   * Runs a user action: errors become one message naming what failed and offering the way forward
   * (Sign In, Open Settings, Retry...). `about` names the item the action was on (for Open Item and Claim Again).
   * Returns undefined when it failed.
   */
  async run<T>(doing: string, action: () => Promise<T>, about: OfferContext = {}): Promise<T | undefined> {
    try {
      return await action();
    } catch (e) {
      const problem = this.explain(e, doing);
      this.lastProblem = problem.message;
      // not awaited: the command ends now, the message waits for the user (or is dismissed)
      void this.offer(problem.message, problem.actions, { ...about, retry: () => this.run(doing, action, about) });
      return undefined;
    }
  }

  /** the message of the last failed action (tests and the output channel read it) */
  lastProblem: string | undefined;
  /** the last message shown with buttons, and a way to press one (tests press them as a user would) */
  lastOffer: Offer | undefined;

  /**
   * Shows a problem with the buttons that lead on, and does what the chosen one says. Only buttons that can work
   * here are shown: Open Item and Claim Again need the item, Retry the action to repeat.
   */
  offer(message: string, actions: ProblemAction[], about: OfferContext = {}, level: 'error' | 'warning' = 'error'): Promise<unknown> {
    const usable = actions.filter((a) => (a === 'Retry' ? about.retry : a === 'Open Item' || a === 'Claim Again' ? about.item : true));
    const choose = (a: ProblemAction) => this.act(a, about);
    this.lastOffer = { message, actions: usable, choose };
    const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    return Promise.resolve(show(message, ...usable)).then((choice) => (choice ? choose(choice) : undefined));
  }

  private act(action: ProblemAction, about: OfferContext): unknown {
    switch (action) {
      case 'Sign In':
        return vscode.commands.executeCommand('baton.signIn');
      case 'Open Settings':
        return vscode.commands.executeCommand('baton.openSettings');
      case 'Retry':
        return about.retry?.();
      case 'Open Item':
        return vscode.commands.executeCommand('baton.openItem', about.item);
      case 'Claim Again':
        // the branch the work was on is known: claim and check it out again without asking for a name
        return vscode.commands.executeCommand('baton.startWork', about.item, about.branch ? { branch: about.branch, quiet: true } : {});
    }
  }

  dispose() {
    for (const d of this.disposables) d.dispose();
  }
}
