// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title DemoToken
/// @notice A tiny ERC-20 for the PaySessions local dev chain ONLY.
/// @dev The app writes this contract's runtime bytecode to fixed addresses with
///      `anvil_setCode`, so no constructor ever runs: there are no immutables and
///      no constructor, and name/symbol live in storage set once by `initialize`.
///      `mint` is open to anyone on purpose. Never deploy this to a real network.
contract DemoToken {
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    uint8 public constant decimals = 6;

    string public name;
    string public symbol;
    uint256 public totalSupply;
    bool private _initialized;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    /// @notice Sets name and symbol. Can be called exactly once.
    function initialize(string calldata name_, string calldata symbol_) external {
        require(!_initialized, "DemoToken: already initialized");
        _initialized = true;
        name = name_;
        symbol = symbol_;
    }

    /// @notice Creates `amount` new tokens for `to`. Open to anyone: demo only.
    function mint(address to, uint256 amount) external {
        require(to != address(0), "DemoToken: mint to zero address");
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= amount, "DemoToken: insufficient allowance");
            allowance[from][msg.sender] = allowed - amount;
        }
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) private {
        require(to != address(0), "DemoToken: transfer to zero address");
        uint256 balance = balanceOf[from];
        require(balance >= amount, "DemoToken: insufficient balance");
        unchecked {
            balanceOf[from] = balance - amount;
        }
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}
