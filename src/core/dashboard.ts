/**
 * The dashboard's contract. The home page is one card per roadmap stage, and a card is a list of items that
 * the modules contribute through their faces (the composition root, src/modules/index.ts, collects them; the
 * roadmap module only renders). An item states one thing about the stage and whether it is done; the stage
 * is done when EVERY item of it is done. A number on the card is a figure: it links to a list page that
 * shows exactly the rows it counts (the list exposes its total as `data-total`; a test holds them equal).
 */
import type { Permission } from './auth/permissions.ts';
import type { Scope } from './scope.ts';

export interface DashboardFigure {
  count: number;
  /** The list of exactly these rows; `#id` names the list when its page has several. */
  href: string;
  /** Who may open the list (others see the number without the link). */
  permission: Permission;
}

export interface DashboardItem {
  /**
   * Names the item within its stage. The roadmap holds a placeholder for each part of a stage that no module
   * contributes yet (e.g. stage 1's «programmes»): a contributed item with that key takes its place.
   */
  key: string;
  /**
   * What is stated, as a sentence the figure completes: «Работают пары и группы» → «…: 3»; or with the
   * figure inside, where the text says `{figure}`: «Запросы собраны у {figure} из 16 педагогов».
   */
  text: string;
  done: boolean;
  figure?: DashboardFigure;
  /** Something is wrong and waits for someone (shown as a warning, not just «not yet»). */
  alert?: boolean;
}

/** A next step the card offers, to those who may take it. */
export interface DashboardAction {
  href: string;
  label: string;
  permission: Permission;
}

/** What one module says about one stage. */
export interface StageContribution {
  stage: number;
  items: DashboardItem[];
  actions?: DashboardAction[];
}

/** A module's contribution to the dashboard: its items for the stages it knows about. */
export type DashboardContributor = (scope: Scope) => Promise<StageContribution[]>;
