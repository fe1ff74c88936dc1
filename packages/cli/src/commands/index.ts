import { check } from './check.ts';
import { claim } from './claim.ts';
import type { Command } from './command.ts';
import { comment } from './comment.ts';
import { configDetect } from './config-detect.ts';
import { contextPack } from './context-pack.ts';
import { create } from './create.ts';
import { heartbeat } from './heartbeat.ts';
import { linkPr } from './link-pr.ts';
import { list } from './list.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import { mcp } from './mcp.ts';
import { next } from './next.ts';
import { orgCreate } from './org-create.ts';
import { productArchive, productUnarchive } from './product-archive.ts';
import { productCreate } from './product-create.ts';
import { ready } from './ready.ts';
import { release } from './release.ts';
import { show } from './show.ts';
import { status } from './status.ts';
import { whoami } from './whoami.ts';

/** In the order help lists them: set-up first, then reading, then the claim cycle, then writing. */
export const COMMANDS: readonly Command[] = [
  login,
  logout,
  whoami,
  configDetect,
  orgCreate,
  productCreate,
  productArchive,
  productUnarchive,
  list,
  ready,
  show,
  contextPack,
  next,
  claim,
  heartbeat,
  release,
  status,
  comment,
  check,
  linkPr,
  create,
  mcp,
];
