// The sidebar's three views, each a thin TreeDataProvider over the plain trees of treeModel.ts.
import * as vscode from 'vscode';
import type { TreeNode } from './treeModel';

/** A tree view over a function that returns its roots. */
export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] | null = null;

  constructor(private readonly build: () => TreeNode[]) {}

  refresh(): void {
    this.roots = null;
    this.changed.fire();
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (element) return element.children ?? [];
    this.roots ??= this.build();
    return this.roots;
  }

  getTreeItem(n: TreeNode): vscode.TreeItem {
    const state = n.children && n.children.length > 0 ? (n.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(n.label, state);
    item.id = n.id;
    item.description = n.description;
    if (n.tooltip) {
      const md = new vscode.MarkdownString(n.tooltip, true);
      md.isTrusted = false;
      item.tooltip = md;
    }
    if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon.id, n.icon.color ? new vscode.ThemeColor(n.icon.color) : undefined);
    if (n.command) item.command = n.command;
    item.contextValue = n.contextValue;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
