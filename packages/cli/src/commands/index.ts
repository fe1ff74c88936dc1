import { attempts } from './attempts.ts';
import { check } from './check.ts';
import { claim } from './claim.ts';
import type { Command } from './command.ts';
import { comment } from './comment.ts';
import { configDetect } from './config-detect.ts';
import { contextPack } from './context-pack.ts';
import { create } from './create.ts';
import { heartbeat } from './heartbeat.ts';
import { importCommand } from './import.ts';
import { linkPr } from './link-pr.ts';
import { list } from './list.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import { mcp } from './mcp.ts';
import { next } from './next.ts';
import { plan } from './plan.ts';
import { orgCreate } from './org-create.ts';
import { productArchive, productUnarchive } from './product-archive.ts';
import { productCreate } from './product-create.ts';
import { ready } from './ready.ts';
import { release } from './release.ts';
import { show } from './show.ts';
import { status } from './status.ts';
import { trust } from './trust.ts';
import { depsAdd, depsList, depsRemove } from './deps.ts';
import { explain } from './explain.ts';
import { progress } from './progress.ts';
import { search } from './search.ts';
import { whoami } from './whoami.ts';

/** In the order help lists them: set-up first, then reading, then the claim cycle, then writing. */
export const COMMANDS: readonly Command[] = [
  login,
  logout,
  whoami,
  configDetect,
  trust,
  orgCreate,
  productCreate,
  productArchive,
  productUnarchive,
  list,
  ready,
  explain,
  search,
  show,
  contextPack,
  attempts,
  next,
  claim,
  heartbeat,
  release,
  status,
  progress,
  plan,
  comment,
  check,
  linkPr,
  depsList,
  depsAdd,
  depsRemove,
  create,
  importCommand,
  mcp,
];
